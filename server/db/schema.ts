import 'server-only';
import type { Generated } from 'kysely';

/**
 * The database schema as Kysely sees it: one set of types for SQLite and PostgreSQL. Portable column types only:
 * times are epoch milliseconds in `bigint` columns, booleans are 0/1 integers and structured values are JSON text,
 * so that every query is the same in both dialects.
 */

/** Review state of a finding. */
export type FindingStatus = 'new' | 'accepted' | 'rejected' | 'needs-info';

/** Every status, in review order. */
export const FINDING_STATUSES: readonly FindingStatus[] = ['new', 'accepted', 'rejected', 'needs-info'];

/** One aggregated finding (lib/findings `Finding`) plus its review state. */
export interface FindingsTable {
  /** The finding's stable id (short hash of `key`). */
  id: string;
  /** Canonical key (JSON) the id is derived from. */
  key: string;
  namespace: string;
  /** Subject display name (controller name or selector value). */
  workload: string;
  /** JSON `FindingSubject`: namespace, selector, workload, labels. */
  subject: string;
  direction: string;
  /** `Peer['kind']`, for filtering without parsing `peer`. */
  peer_kind: string;
  /** JSON `Peer`. */
  peer: string;
  protocol: string;
  port: number;
  flows: number;
  audit_flows: number;
  blocked_flows: number;
  first_seen: number;
  last_seen: number;
  /** Newest AUDIT verdict (to within one ingest batch); null when only blocked flows were seen. */
  last_audit_at: number | null;
  /** JSON string[] (sorted, bounded). */
  nodes: string;
  /** JSON Flow[] (the first few flows, bounded). */
  samples: string;
  /** JSON `DnsResolvers` for FQDN peers, else null. */
  dns: string | null;
  /** JSON `FindingTiming` (earliest connection times, hours of day): triage evidence; null in rows from before. */
  timing: string | null;
  status: FindingStatus;
  /** 1 when a rejected finding received new flows after its rejection. */
  seen_again: number;
  /** `flows` at the last review decision: `flows - flows_at_review` flows arrived since. */
  flows_at_review: number;
  reviewed_by: string | null;
  reviewed_at: number | null;
  created_at: number;
  updated_at: number;
}

/** The review thread of a finding: decisions (with an optional comment) and plain comments. */
export interface FindingReviewsTable {
  id: Generated<number>;
  finding_id: string;
  actor: string;
  at: number;
  /** The new status for a decision; null for a plain comment. */
  decision: FindingStatus | null;
  from_status: FindingStatus | null;
  comment: string | null;
}

/** Who did what and when, for every change (reviews, comments, "seen again", and later checklist confirmations). */
export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor: string;
  action: string;
  finding_id: string | null;
  namespace: string | null;
  from_status: string | null;
  to_status: string | null;
  comment: string | null;
}

/** Per namespace: AUDIT policy verdicts counted by the ingest (lib/findings `AuditTally`). */
export interface AuditTalliesTable {
  namespace: string;
  audit_verdicts: number;
  reply_verdicts: number;
  /** JSON `{code: count}` of verdicts that could not become findings. */
  skipped: string;
  updated_at: number;
}

/** Per ingest stream: the resume cursor (newest persisted flow time) and the current leader. */
export interface IngestStateTable {
  key: string;
  cursor_ms: number | null;
  cursor_nanos: number | null;
  flows_total: number;
  leader_id: string | null;
  leader_since: number | null;
  updated_at: number;
}

/** Flow uuids already counted, kept for a window (by flow time) to drop relay re-sends across restarts. */
export interface IngestedFlowsTable {
  uuid: string;
  time: number;
}

/** Which resolver each client workload talks to (DNS flows): the context of FQDN findings' DNS companion rules. */
export interface ResolverObservationsTable {
  key: string;
  /** The client's namespace. */
  namespace: string;
  /** JSON Flow: a compact representative DNS flow between the client and the resolver. */
  flow: string;
  /** JSON string[]: query names seen (bounded). */
  names: string;
  flows: number;
  last_seen: number;
}

/** A manual confirmation of a rollout checklist step (who, when, cluster or namespace scope); rows are never updated. */
export interface ChecklistConfirmationsTable {
  id: Generated<number>;
  /** 1..8. */
  step: number;
  scope: 'cluster' | 'namespace';
  /** The namespace of a namespace-scoped confirmation; null for cluster scope. */
  namespace: string | null;
  /** 1 confirms, 0 withdraws an earlier confirmation. */
  confirmed: number;
  actor: string;
  at: number;
  note: string | null;
}

/** A user's policy file of a namespace (uploaded or edited in Lockstep); the newest text per name. */
export interface PolicyFilesTable {
  namespace: string;
  name: string;
  text: string;
  updated_by: string;
  updated_at: number;
}

/** A per-namespace audit window (server/k8s/audit-window); `closed_at` null while open. */
export interface AuditWindowsTable {
  id: Generated<number>;
  namespace: string;
  /** `exec` (Lockstep applies it) or `manual` (printed script). */
  mode: string;
  opened_at: number;
  opened_by: string;
  closes_at: number;
  closed_at: number | null;
  closed_by: string | null;
  /** `closed`, `expired` or `enforce`. */
  close_reason: string | null;
  /** JSON WindowEndpoint[]. */
  endpoints: string;
  /** JSON WindowReconcile, or null before the first reconcile. */
  last_reconcile: string | null;
  /** JSON ManualWindow of a manual window, else null. */
  manual: string | null;
  updated_at: number;
}

/** The database. */
export interface Database {
  findings: FindingsTable;
  audit_tallies: AuditTalliesTable;
  finding_reviews: FindingReviewsTable;
  audit_log: AuditLogTable;
  ingest_state: IngestStateTable;
  ingested_flows: IngestedFlowsTable;
  resolver_observations: ResolverObservationsTable;
  checklist_confirmations: ChecklistConfirmationsTable;
  policy_files: PolicyFilesTable;
  audit_windows: AuditWindowsTable;
}

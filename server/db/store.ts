import 'server-only';
import type { Flow } from '@/lib/flow/flow';
import type { Finding } from '@/lib/findings/finding';
import type { AuditTally } from '@/lib/findings/audit-accounting';
import type { DbDialect } from './migrations';
import type { FindingStatus } from './schema';
import type { ChecklistRepo } from './checklist-repo';
import type { PolicyFileRepo } from './policy-file-repo';
import type { AuditWindowRepo } from './audit-window-repo';

/**
 * The persistence API of Lockstep: findings with their review state, the review thread and audit log, and the
 * ingest bookkeeping (cursor, uuid de-duplication, resolver observations). One interface, two dialects
 * (SQLite by default, PostgreSQL when `DATABASE_URL` is set); `createStore()` picks one.
 */

export type { FindingStatus } from './schema';
export type { DbDialect } from './migrations';
export type { ChecklistConfirmation, ChecklistRepo, ConfirmStepInput } from './checklist-repo';
export type { PolicyFileRepo, StoredPolicyFile } from './policy-file-repo';

/** A finding as persisted: the lib `Finding` plus its review state. */
export interface StoredFinding extends Finding {
  status: FindingStatus;
  /** A rejected finding received new flows after its rejection: someone is still calling. */
  seenAgain: boolean;
  /** `flows` when the last review decision was made (`flows - flowsAtReview` arrived since). */
  flowsAtReview: number;
  /** Newest AUDIT verdict time (to within one ingest batch); undefined when only blocked flows were seen. */
  lastAuditAt: number | undefined;
  reviewedBy: string | undefined;
  reviewedAt: number | undefined;
  createdAt: number;
  updatedAt: number;
}

/** Filters of {@link FindingRepo.list}. */
export interface FindingQuery {
  namespace?: string;
  status?: readonly FindingStatus[];
  seenAgain?: boolean;
  /** Default: 500; at most 5000. */
  limit?: number;
  /** Default: 0. */
  offset?: number;
  /** Sample flows are heavy; lists leave them out unless asked. Default: false. */
  includeSamples?: boolean;
}

/** Per-namespace evidence for the checklist. */
export interface NamespaceFindingStats {
  namespace: string;
  total: number;
  byStatus: Record<FindingStatus, number>;
  seenAgain: number;
  auditFlows: number;
  blockedFlows: number;
  /** Newest AUDIT verdict in the namespace (to within one batch), or undefined. */
  lastAuditAt: number | undefined;
  lastSeen: number | undefined;
}

/** Reads of findings. */
export interface FindingRepo {
  /** Findings, newest `lastSeen` first (ties by id). */
  list(query?: FindingQuery): Promise<StoredFinding[]>;
  /** One finding with its samples, or undefined. */
  get(id: string): Promise<StoredFinding | undefined>;
  /** Counts per namespace (all namespaces, or one). */
  stats(namespace?: string): Promise<NamespaceFindingStats[]>;
}

/** A review decision: the status a finding moves to. `new` reopens it. */
export type ReviewDecision = FindingStatus;

/** Input of {@link ReviewRepo.review}. */
export interface ReviewInput {
  findingId: string;
  decision: ReviewDecision;
  /** Who decides (the authenticated user). */
  actor: string;
  comment?: string;
  /** Optimistic concurrency: fail with `conflict:findings` when the status changed meanwhile. */
  expectedStatus?: FindingStatus;
}

/** One entry of a finding's review thread. */
export interface ReviewEntry {
  id: number;
  findingId: string;
  actor: string;
  at: number;
  /** The new status, or undefined for a plain comment. */
  decision: FindingStatus | undefined;
  fromStatus: FindingStatus | undefined;
  comment: string | undefined;
}

/** One audit log entry. `action` is `review`, `comment`, `seen-again`, `export`, `checklist step N` or `policy-file`. */
export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  findingId: string | undefined;
  namespace: string | undefined;
  fromStatus: string | undefined;
  toStatus: string | undefined;
  comment: string | undefined;
}

/** Filters of {@link ReviewRepo.auditLog}: newest first. */
export interface AuditLogQuery {
  findingId?: string;
  namespace?: string;
  /** Entries with a smaller id (paging). */
  beforeId?: number;
  /** Default: 100; at most 1000. */
  limit?: number;
}

/** The review flow: new → accepted / rejected / needs-info, a comment thread, every change in the audit log. */
export interface ReviewRepo {
  /** Records a decision. Throws `not_found:findings`, `conflict:findings` (stale or no-op) or `bad_request:findings`. */
  review(input: ReviewInput): Promise<{ finding: StoredFinding; entry: ReviewEntry }>;
  /** Adds a comment to the thread (no status change). */
  comment(input: { findingId: string; actor: string; comment: string }): Promise<ReviewEntry>;
  /** The thread, oldest first. */
  thread(findingId: string): Promise<ReviewEntry[]>;
  auditLog(query?: AuditLogQuery): Promise<AuditEntry[]>;
}

/** A flow time with the nanoseconds Hubble carries: the resume cursor. */
export interface FlowCursor {
  ms: number;
  nanos: number;
}

/** Persisted state of one ingest stream. */
export interface IngestState {
  cursor: FlowCursor | undefined;
  flowsTotal: number;
  leaderId: string | undefined;
  leaderSince: number | undefined;
  updatedAt: number;
}

/** Which resolver a client workload uses: a compact representative DNS flow and the names it asked for. */
export interface ResolverObservation {
  key: string;
  /** The client's namespace. */
  namespace: string;
  flow: Flow;
  names: string[];
  flows: number;
  lastSeen: number;
}

/** One ingest transaction's input. */
export interface IngestBatch {
  /** The ingest stream (its cursor row). */
  stream: string;
  leaderId: string;
  /** Policy-verdict flows, possibly including ones already counted (dropped by uuid). */
  flows: readonly Flow[];
  /** Turns the flows not counted before into findings whose counts cover exactly those flows. */
  summarize(fresh: readonly Flow[]): { findings: Finding[]; tallies: AuditTally[] };
  /** Resolver observations to upsert, and keys to delete (evicted). */
  resolvers?: { upserts: readonly ResolverObservation[]; deletes: readonly string[] };
  /** Uuids are remembered this long behind the cursor; older flows are dropped as stale. */
  dedupeWindowMs: number;
  /** Flow samples kept per finding. */
  sampleSize: number;
  /** Clock (tests). Default: Date.now. */
  now?: number;
}

/** What one ingest transaction did. */
export interface IngestBatchResult {
  stored: number;
  duplicates: number;
  /** Flows older than the de-duplication window: they cannot be checked, so they are not counted. */
  stale: number;
  findingsCreated: number;
  findingsUpdated: number;
  /** Rejected findings that just became "seen again". */
  seenAgain: string[];
  cursor: FlowCursor | undefined;
}

/** Ingest bookkeeping. Only the ingest leader writes. */
export interface IngestRepo {
  state(stream: string): Promise<IngestState | undefined>;
  /** Records who leads the stream from now on. */
  claimLeadership(stream: string, leaderId: string, now?: number): Promise<void>;
  resolvers(): Promise<ResolverObservation[]>;
  /** Per namespace: the AUDIT verdicts counted so far (every verdict accounted for). */
  tallies(): Promise<AuditTally[]>;
  /**
   * Applies a batch in ONE transaction: skips uuids already counted (and stale flows), remembers the new ones,
   * upserts the affected findings, marks rejected ones seen again, upserts resolver observations, advances the
   * cursor and prunes uuids older than the window. All or nothing.
   */
  applyBatch(batch: IngestBatch): Promise<IngestBatchResult>;
}

/** A lock that at most one replica holds (PostgreSQL advisory lock on a dedicated session; SQLite: always held). */
export interface LeaderLock {
  readonly held: boolean;
  /** Tries once, without waiting. True when this process holds the lock (now or already). */
  tryAcquire(): Promise<boolean>;
  /** Called once each time a held lock is lost (its session died). */
  onLost(listener: (reason: string) => void): void;
  /** Releases the lock and closes its session. */
  release(): Promise<void>;
}

/** One successful export: the pull request and the findings it carries. */
export interface ExportRecord {
  /** `namespace:<ns>` or `cluster:default-deny`. */
  target: string;
  number: number;
  url: string;
  branch: string;
  /** Accepted findings in the pull request (empty for the cluster-wide policy). */
  findingIds: string[];
  /** Who exported, and when (ms). */
  actor: string;
  at: number;
}

/** Where "exported in #N" is remembered: entries of the audit log (see `createExportRepo`). */
export interface ExportRecords {
  /** Records that `findingIds` went out in a pull request (again: the newest record wins). */
  recordExport(findingIds: readonly string[], pr: Omit<ExportRecord, 'findingIds'>): Promise<void>;
  /** The newest export of a target. */
  latest(target: string): Promise<ExportRecord | undefined>;
  /** The newest pull request of each finding that went out in one. */
  exportedIn(findingIds: readonly string[]): Promise<Map<string, { number: number; url: string }>>;
}

/** Lockstep's store. */
export interface Store {
  readonly dialect: DbDialect;
  /** Log-safe description (`sqlite:/path` or the URL with its password redacted). */
  readonly description: string;
  findings: FindingRepo;
  reviews: ReviewRepo;
  ingest: IngestRepo;
  /** Manual confirmations of rollout checklist steps. */
  checklist: ChecklistRepo;
  /** "Exported in #N": pull requests that carried findings (kept in the audit log). */
  exports: ExportRecords;
  /** The user's policy files per namespace (changes in the audit log). */
  policyFiles: PolicyFileRepo;
  /** Per-namespace audit windows (server/k8s/audit-window). */
  auditWindows: AuditWindowRepo;
  /** A leader lock named `name` (scoped to this store's database and schema). */
  leaderLock(name: string, options?: { healthCheckMs?: number }): LeaderLock;
  close(): Promise<void>;
}

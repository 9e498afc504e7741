/**
 * Every AUDIT verdict accounted for: per namespace, the non-reply AUDIT policy verdicts whose policy subject lives
 * there (the destination for INGRESS, the source for EGRESS) against the flows of that namespace's findings.
 * Reply verdicts are counted apart (they never need a rule); verdicts that could not become a finding are
 * counted by problem code, so a difference is always explained.
 */
import type { Endpoint, Flow } from '../flow/flow';
import type { Finding } from './finding';
import type { ProblemCode } from './problems';

/** The running counts of one namespace (what a store persists; `inFindings` comes from the findings). */
export interface AuditTally {
  namespace: string;
  /** Non-reply AUDIT policy verdicts (event type 5) whose policy subject lives in the namespace. */
  auditVerdicts: number;
  /** AUDIT verdicts of replies: counted, never findings. */
  replyVerdicts: number;
  /** AUDIT verdicts that could not become a finding, by problem code. */
  skipped: Partial<Record<ProblemCode, number>>;
}

/** One namespace's accounting: the tally plus the AUDIT flows its findings hold. */
export interface AuditAccounting extends AuditTally {
  /** Sum of the AUDIT flows of the namespace's findings: equals `auditVerdicts` minus the skipped ones. */
  inFindings: number;
}

const ICMP_ECHO_REPLY: Record<string, number> = { ICMPv4: 0, ICMPv6: 129 };

/** An AUDIT policy verdict (event type 5, or 0 in field-masked exports that omit it). */
export function isAuditPolicyVerdict(flow: Flow): boolean {
  return flow.verdict === 'AUDIT' && (flow.eventType === 5 || flow.eventType === 0);
}

/** A reply (`is_reply`), or an ICMP echo reply whose `is_reply` is unset. */
export function isReplyVerdict(flow: Flow): boolean {
  if (flow.isReply === true) return true;
  const l4 = flow.l4;
  return !!l4 && (l4.protocol === 'ICMPv4' || l4.protocol === 'ICMPv6') && l4.type === ICMP_ECHO_REPLY[l4.protocol];
}

function namespaceOf(endpoint: Endpoint): string {
  if (endpoint.namespace) return endpoint.namespace;
  const label = endpoint.labels.find((l) => l.startsWith('k8s:io.kubernetes.pod.namespace='));
  return label ? label.slice('k8s:io.kubernetes.pod.namespace='.length) : '';
}

/**
 * The namespace whose policy reported a verdict: the destination's for INGRESS, the source's for EGRESS;
 * `''` when the direction is unknown or the subject is not in a namespace (host, world).
 */
export function policyNamespace(flow: Flow): string {
  if (flow.trafficDirection === 'INGRESS') return namespaceOf(flow.destination);
  if (flow.trafficDirection === 'EGRESS') return namespaceOf(flow.source);
  return '';
}

/** Running per-namespace tallies (bounded by the number of namespaces). */
export class AuditTallies {
  private readonly byNamespace = new Map<string, AuditTally>();

  /** Counts one AUDIT policy verdict; `skippedAs` is the problem that kept it out of the findings, if any. */
  note(flow: Flow, skippedAs?: ProblemCode): void {
    const namespace = policyNamespace(flow);
    if (!namespace) return;
    const tally = this.tally(namespace);
    if (isReplyVerdict(flow)) tally.replyVerdicts++;
    else {
      tally.auditVerdicts++;
      if (skippedAs) this.skip(namespace, skippedAs);
    }
  }

  /** Counts AUDIT verdicts (already counted by {@link note}) that a later step kept out of the findings. */
  skip(namespace: string, code: ProblemCode, count = 1): void {
    const skipped = this.tally(namespace).skipped;
    skipped[code] = (skipped[code] ?? 0) + count;
  }

  /** Adds a whole tally (e.g. a copy of another set's). */
  merge(row: AuditTally): void {
    const tally = this.tally(row.namespace);
    Object.assign(tally, addTallies(tally, row));
  }

  /** The tallies, sorted by namespace (copies). */
  rows(): AuditTally[] {
    return [...this.byNamespace.values()].map((t) => ({ ...t, skipped: { ...t.skipped } })).sort((a, b) => a.namespace.localeCompare(b.namespace));
  }

  private tally(namespace: string): AuditTally {
    let tally = this.byNamespace.get(namespace);
    if (!tally) this.byNamespace.set(namespace, (tally = { namespace, auditVerdicts: 0, replyVerdicts: 0, skipped: {} }));
    return tally;
  }
}

/** Adds two tallies of the same namespace (a store merging a batch into its row). */
export function addTallies(a: AuditTally, b: AuditTally): AuditTally {
  const skipped: AuditTally['skipped'] = { ...a.skipped };
  for (const [code, n] of Object.entries(b.skipped) as [ProblemCode, number][]) skipped[code] = (skipped[code] ?? 0) + n;
  return { namespace: a.namespace, auditVerdicts: a.auditVerdicts + b.auditVerdicts, replyVerdicts: a.replyVerdicts + b.replyVerdicts, skipped };
}

/** Joins tallies with the findings' AUDIT flows, per namespace (a namespace with either appears). Sorted. */
export function accountAudit(tallies: readonly AuditTally[], findings: readonly Pick<Finding, 'subject' | 'auditFlows'>[]): AuditAccounting[] {
  const out = new Map<string, AuditAccounting>();
  const row = (namespace: string) => {
    let r = out.get(namespace);
    if (!r) out.set(namespace, (r = { namespace, auditVerdicts: 0, replyVerdicts: 0, skipped: {}, inFindings: 0 }));
    return r;
  };
  for (const t of tallies) Object.assign(row(t.namespace), addTallies(row(t.namespace), t));
  for (const f of findings) row(f.subject.namespace).inFindings += f.auditFlows;
  return [...out.values()].sort((a, b) => a.namespace.localeCompare(b.namespace));
}

import type { Finding } from './finding';

/**
 * True when no rule can express a finding: its subject or its pod peer has no stable label. Such findings are
 * shown first with what to do, and are never part of a patch (an empty selector would select every pod).
 */
export function isUnselectable(finding: Pick<Finding, 'subject' | 'peer'>): boolean {
  return !!finding.subject.unselectable || (finding.peer.kind === 'endpoint' && !!finding.peer.unselectable);
}

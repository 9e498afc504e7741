/** DNS names from flows (`destination_names`, DNS queries), validated for `toFQDNs.matchName`. */

const MATCH_NAME = /^([-a-zA-Z0-9_]+[.]?)+$/;

/**
 * Lowercases a DNS name and drops the trailing dot; undefined when it is not a name `toFQDNs.matchName` accepts
 * (CRD pattern `^([-a-zA-Z0-9_]+[.]?)+$`, ≤ 253 characters, no empty labels, labels ≤ 63).
 */
export function normalizeDnsName(name: string): string | undefined {
  if (typeof name !== 'string' || name.length === 0 || name.length > 254) return undefined;
  const trimmed = (name.endsWith('.') ? name.slice(0, -1) : name).toLowerCase();
  if (trimmed.length === 0 || trimmed.length > 253 || !MATCH_NAME.test(trimmed)) return undefined;
  return trimmed.split('.').every((label) => label.length > 0 && label.length <= 63) ? trimmed : undefined;
}

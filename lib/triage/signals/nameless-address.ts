import type { Finding } from '../../findings/finding';
import { ipInCidr, parseCidr, parseIp } from '../../findings/ip';
import type { TriageContext } from '../triage-context';
import type { TriageSignal } from '../triage';

/** RFC 1918, CGNAT and unique-local ranges: a LAN address (a NAS, a router) is not the internet. */
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'];

const PRIVATE_RANGES = PRIVATE.map((r) => parseCidr(r)!);

function isPrivate(address: string): boolean {
  const ip = parseIp(address);
  return !!ip && PRIVATE_RANGES.some((range) => ipInCidr(ip, range));
}

/** Egress to a public world address that no DNS name explains (no `destination_names`, no DNS answer seen). */
export function namelessAddress(finding: Finding, ctx: TriageContext): TriageSignal | undefined {
  if (finding.direction !== 'EGRESS' || finding.peer.kind !== 'cidr') return undefined;
  const address = finding.peer.cidr.replace(/\/\d+$/, '');
  if (isPrivate(address) || ctx.answeredIps.has(address)) return undefined;
  return {
    code: 'nameless-address',
    weight: 1,
    reason: `egress to ${address}, a world address no DNS answer explains: legitimate services are usually reached by name.`,
    evidence: { address, dnsAnswersSeen: 0 },
  };
}

import type { Finding } from '../../findings/finding';
import { isCommonPort } from '../common-ports';
import type { TriageContext } from '../triage-context';
import type { TriageSignal } from '../triage';
import { responderKey } from '../workload-key';

/**
 * A port that is neither a common service port nor one the responding workload is seen serving (it replied from
 * it, or several workloads connect to it): scanning, a misconfiguration, or a channel of its own.
 */
export function unusualPort(finding: Finding, ctx: TriageContext): TriageSignal | undefined {
  if (finding.protocol.startsWith('ICMP') || isCommonPort(finding.port)) return undefined;
  const server = responderKey(finding);
  if (server && ctx.servedPorts.get(server)?.has(finding.port)) return undefined;
  const where = server ? `${server} is not seen serving it to anyone else` : 'no common service uses it';
  return {
    code: 'unusual-port',
    weight: 1,
    reason: `${finding.protocol}/${finding.port} is not a common service port, and ${where}.`,
    evidence: { port: finding.port, protocol: finding.protocol, servedBy: server ?? 'world' },
  };
}

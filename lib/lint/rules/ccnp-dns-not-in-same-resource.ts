import type { Layer4 } from '../../flow/flow';
import type { CompiledPolicies, CompiledSpec } from '../../policy/evaluate-compile';
import { ruleMatchesPeer } from '../../policy/evaluate-rule';
import type { EndpointInfo } from '../../policy/selector-entities';
import { portsMatch } from '../../policy/selector-ports';
import type { LintFinding, LintRule } from '../lint-rule';
import { compiledSpecsOf, connectionFlows, createClassifier, flowPort, specSelects } from '../flow-helpers';
import { syntheticSubject } from '../synthetic-subject';
import { describeSelector, policyLabel } from '../walk-policy';

const DNS: Layer4 = { protocol: 'UDP', sourcePort: 0, destinationPort: 53 };
const KUBE_DNS = syntheticSubject({ endpointSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }, 'kube-system');
const CLIENT = syntheticSubject({ endpointSelector: { matchLabels: { app: 'client' } } }, 'default');

/**
 * `ccnp.dns-not-in-same-resource`: a CCNP that switches default-deny on without allowing DNS in the same resource
 * (§11, blog "Rollout Pattern"): egress default-deny with no egress allow on UDP 53 to a DNS server (kube-dns, or
 * whatever recorded flows show receiving port 53), or ingress default-deny over the DNS servers with no ingress
 * allow on UDP 53 from pods. When another policy
 * carries the allow, the message says so: applied in two passes, cluster DNS breaks in between.
 */
export const ccnpDnsNotInSameResource: LintRule = {
  id: 'ccnp.dns-not-in-same-resource',
  check({ policies, context, compiled }) {
    const servers = dnsServers(context.flows ?? []);
    const findings: LintFinding[] = [];
    policies.forEach(({ policy }, policyIndex) => {
      if (policy.kind !== 'CiliumClusterwideNetworkPolicy') return;
      const specs = compiledSpecsOf(compiled, policyIndex);
      const egressSpec = specs.find((s) => s.defaultDeny.egress);
      if (egressSpec && !allowsDns(specs, 'egress', servers)) {
        const scope = `the pods it selects (${describeSelector(policy.spec?.endpointSelector ?? {})})`;
        findings.push(finding(policyIndex, egressSpec, 'egress', scope, elsewhere(compiled, policyIndex, 'egress', servers, policies)));
      }
      const ingressSpec = specs.find((s) => s.defaultDeny.ingress && servers.some((server) => specSelects(s, server)));
      if (ingressSpec && !allowsDns(specs, 'ingress', [CLIENT])) {
        findings.push(finding(policyIndex, ingressSpec, 'ingress', 'the cluster DNS servers', elsewhere(compiled, policyIndex, 'ingress', [CLIENT], policies)));
      }
    });
    return findings;
  },
};

function finding(policyIndex: number, spec: CompiledSpec, direction: 'ingress' | 'egress', scope: string, others: string): LintFinding {
  const section = spec.rules[direction].length > 0 ? direction : (`${direction}Deny` as const);
  const where = others ? ` (it lives in ${others}; applied in two passes, cluster DNS is cut in between)` : '';
  return { id: 'ccnp.dns-not-in-same-resource', policyIndex, path: `${spec.specPath}/${section}`, params: { direction, scope, elsewhere: where } };
}

/** True when some rule of `direction` allows UDP 53 with one of `peers` (DNS servers for egress, a client pod for ingress). */
function allowsDns(specs: readonly CompiledSpec[], direction: 'ingress' | 'egress', peers: readonly EndpointInfo[]): boolean {
  return specs.some((s) =>
    s.rules[direction].some((rule) => portsMatch(rule.ports, DNS) && peers.some((info) => ruleMatchesPeer(rule, { info, ip: undefined, names: [], service: undefined }))),
  );
}

function elsewhere(
  compiled: CompiledPolicies,
  self: number,
  direction: 'ingress' | 'egress',
  peers: readonly EndpointInfo[],
  policies: Parameters<LintRule['check']>[0]['policies'],
): string {
  const names = new Set<string>();
  for (const spec of compiled.specs) {
    if (spec.policyIndex !== self && allowsDns([spec], direction, peers)) names.add(policyLabel(policies[spec.policyIndex].policy));
  }
  return [...names].slice(0, 3).join(', ');
}

/** kube-dns (synthetic) plus every endpoint seen receiving connections on port 53 (node-local DNS may be the host). */
function dnsServers(flows: Parameters<typeof connectionFlows>[0]): EndpointInfo[] {
  const classify = createClassifier();
  const seen = connectionFlows(flows).filter((f) => flowPort(f) === 53).map((f) => classify.info(f.destination));
  return [KUBE_DNS, ...new Set(seen)];
}

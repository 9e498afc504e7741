import { countFlows } from '../../policy/reduce-flows';
import type { Flow } from '../../flow/flow';
import { cidrContains, compileCidr, parseIp, type CompiledCidr } from '../../policy/selector-cidr';
import type { EndpointInfo } from '../../policy/selector-entities';
import type { LintFinding, LintRule } from '../lint-rule';
import { compiledSpecAt, connectionFlows, createClassifier, endpointName, specSelects } from '../flow-helpers';
import { rulesOf, type RuleEntry } from '../walk-policy';

/** Labels worth suggesting for a pod selector, in order of preference (§6). */
const STABLE_KEYS = ['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app', 'k8s-app', 'name'];

/**
 * `peer.cidr-instead-of-selector`: a CIDR entry that recorded flows show reaching something a selector names
 * better: a pod or a node entity (CIDR rules never match in-cluster identities, §13-14), or a world address
 * with DNS names (use toFQDNs: cloud IPs change). Needs `context.flows`; one finding per CIDR entry.
 */
export const peerCidrInsteadOfSelector: LintRule = {
  id: 'peer.cidr-instead-of-selector',
  check({ policies, context, compiled }) {
    const flows = connectionFlows(context.flows);
    if (flows.length === 0) return [];
    const classify = createClassifier();
    const findings: LintFinding[] = [];
    policies.forEach(({ policy }, policyIndex) => {
      for (const entry of rulesOf(policy)) {
        const spec = compiledSpecAt(compiled, policyIndex, entry.specPath);
        if (!spec) continue;
        for (const { cidr, path, compiled: prefix } of cidrEntries(entry)) {
          const ingress = entry.section.startsWith('ingress');
          const hits = flows.filter((f) => (ingress ? f.trafficDirection !== 'EGRESS' : f.trafficDirection !== 'INGRESS')
            && specSelects(spec, classify.info(ingress ? f.destination : f.source)) && inPrefix(prefix, ingress ? f.ip?.source : f.ip?.destination));
          const advice = adviceFor(hits, ingress, classify.info);
          if (advice) findings.push({ id: 'peer.cidr-instead-of-selector', policyIndex, path, params: { cidr, ...advice } });
        }
      }
    });
    return findings;
  },
};

function cidrEntries(entry: RuleEntry): { cidr: string; path: string; compiled: CompiledCidr }[] {
  const out: { cidr: string; path: string; compiled: CompiledCidr }[] = [];
  for (const field of ['fromCIDR', 'toCIDR'] as const) {
    (entry.rule[field] ?? []).forEach((cidr, i) => out.push({ cidr: String(cidr), path: `${entry.path}/${field}[${i}]`, compiled: compileCidr(String(cidr))! }));
  }
  for (const field of ['fromCIDRSet', 'toCIDRSet'] as const) {
    (entry.rule[field] ?? []).forEach((set, i) => {
      if (set?.cidr) out.push({ cidr: set.cidr, path: `${entry.path}/${field}[${i}]/cidr`, compiled: compileCidr(set.cidr)! });
    });
  }
  return out.filter((e) => e.compiled !== undefined);
}

function inPrefix(prefix: CompiledCidr, ip: string | undefined): boolean {
  const parsed = ip ? parseIp(ip) : undefined;
  return parsed !== undefined && cidrContains({ prefix: prefix.prefix, except: [] }, parsed);
}

/** The best replacement the hits point to: in-cluster peers first, then DNS names. */
function adviceFor(hits: readonly Flow[], ingress: boolean, info: (e: Flow['source']) => EndpointInfo) {
  const peerOf = (f: Flow) => (ingress ? f.source : f.destination);
  const inCluster = hits.filter((f) => !info(peerOf(f)).isWorld && (info(peerOf(f)).isPod || info(peerOf(f)).entities.size > 0));
  if (inCluster.length > 0) {
    const peer = peerOf(inCluster[0]);
    const peerInfo = info(peer);
    const field = ingress ? 'from' : 'to';
    const advice = peerInfo.isPod
      ? `CIDR rules never match pods (docs/cnp-semantics.md §13-14): use ${field}Endpoints with ${podSelector(peer, peerInfo)}.`
      : `CIDR rules never match cluster entities: use ${field}Entities: [${[...peerInfo.entities][0]}].`;
    return { count: countFlows(inCluster), peer: endpointName(peer), advice };
  }
  const named = ingress ? [] : hits.filter((f) => f.destinationNames.length > 0);
  if (named.length === 0) return undefined;
  const names = [...new Set(named.flatMap((f) => f.destinationNames))].sort();
  return {
    count: countFlows(named),
    peer: names.join(', '),
    advice: `Addresses behind a DNS name change: use toFQDNs with matchName ${names[0]} on the application port, plus a DNS companion rule.`,
  };
}

function podSelector(peer: Flow['source'], info: EndpointInfo): string {
  const key = STABLE_KEYS.find((k) => info.labels.get(k)?.some((l) => l.source === 'k8s'));
  const label = key ? `${key}: ${info.labels.get(key)!.find((l) => l.source === 'k8s')!.value}` : 'its workload labels';
  return `{k8s:io.kubernetes.pod.namespace: ${peer.namespace}, ${label}}`;
}

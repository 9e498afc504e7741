import type { EndpointSelector } from '../../policy/cnp-types';
import { NAMESPACE_LABEL, splitSelectorKey } from '../../policy/selector-compile';
import type { KnownService, LintFinding, LintRule } from '../lint-rule';
import { policyNamespace, rulesOf, type RuleEntry } from '../walk-policy';

/**
 * `ports.service-port`: a `toPorts` port equal to a Service port whose targetPort differs (blog "Common
 * Mistakes"; §18). Candidate Services are those in the namespace of the rule's pods: the subject's for ingress,
 * the `toEndpoints` peers' for egress; a Service `selector`, when known, must not contradict the policy selector.
 * A port that is also a targetPort of a candidate Service is ambiguous and not reported.
 */
export const portsServicePort: LintRule = {
  id: 'ports.service-port',
  check({ policies, context }) {
    const services = context.services ?? [];
    if (services.length === 0) return [];
    const findings: LintFinding[] = [];
    policies.forEach(({ policy }, policyIndex) => {
      const namespace = policyNamespace(policy, context.defaultNamespace);
      for (const entry of rulesOf(policy)) {
        const candidates = candidateServices(entry, namespace, services);
        if (candidates.length === 0) continue;
        (entry.rule.toPorts ?? []).forEach((portRule, k) =>
          (portRule?.ports ?? []).forEach((port, m) => {
            const hit = servicePortHit(Number(port?.port), String(port?.protocol ?? 'ANY').toUpperCase(), candidates);
            if (hit) findings.push({ id: 'ports.service-port', policyIndex, path: `${entry.path}/toPorts[${k}]/ports[${m}]/port`, params: hit });
          }),
        );
      }
    });
    return findings;
  },
};

function servicePortHit(port: number, protocol: string, candidates: readonly KnownService[]) {
  if (!Number.isInteger(port) || port <= 0) return undefined;
  const protoOk = (p: string | undefined) => protocol === 'ANY' || protocol === (p ?? 'TCP').toUpperCase();
  const targets = candidates.flatMap((s) => s.ports.filter((p) => protoOk(p.protocol)).map((p) => numeric(p.targetPort) ?? p.port));
  if (targets.includes(port)) return undefined;
  for (const service of candidates) {
    for (const p of service.ports) {
      const target = numeric(p.targetPort);
      if (p.port === port && protoOk(p.protocol) && target !== undefined && target !== port) {
        return { port, service: `${service.namespace}/${service.name}`, targetPort: target };
      }
    }
  }
  return undefined;
}

function candidateServices(entry: RuleEntry, namespace: string | undefined, services: readonly KnownService[]): KnownService[] {
  if (entry.section === 'ingress' || entry.section === 'ingressDeny') {
    const selector = entry.spec.endpointSelector ?? {};
    return services.filter((s) => (namespace === undefined || s.namespace === namespace) && compatible(s, selector));
  }
  return (entry.rule.toEndpoints ?? []).flatMap((selector) => {
    const namespaces = selectorNamespaces(selector) ?? (namespace === undefined ? undefined : [namespace]);
    return services.filter((s) => (namespaces === undefined || namespaces.includes(s.namespace)) && compatible(s, selector));
  });
}

/** Namespaces a selector names through `io.kubernetes.pod.namespace` (matchLabels or `In`), if any. */
function selectorNamespaces(selector: EndpointSelector): string[] | undefined {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (splitSelectorKey(key).key === NAMESPACE_LABEL) return [String(value)];
  for (const e of selector.matchExpressions ?? []) {
    if (splitSelectorKey(String(e.key)).key === NAMESPACE_LABEL && e.operator === 'In') return (e.values ?? []).map(String);
  }
  return undefined;
}

/** False when the Service's selector and the policy selector demand different values for one label. */
function compatible(service: KnownService, selector: EndpointSelector): boolean {
  if (!service.selector) return true;
  const labels = new Map(Object.entries(selector.matchLabels ?? {}).map(([k, v]) => [splitSelectorKey(k).key, String(v)]));
  return Object.entries(service.selector).every(([k, v]) => !labels.has(k) || labels.get(k) === v);
}

function numeric(value: number | string | undefined): number | undefined {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
}

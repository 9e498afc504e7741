import type { Aggregate } from './aggregate';
import type { DnsObservations } from './dns-observations';
import { shortHash } from './finding-id';
import { mergeTiming } from './finding-timing';
import type { DnsResolvers, Finding } from './finding';
import { problem, type Problem } from './problems';
import type { PodRef } from './resolve-endpoint';
import { resolveSelectors } from './resolve-selectors';
import { fallbackResolver, NAMESPACE_LABEL, peerCanonical, toPeer } from './to-peer';

/** Inputs of {@link buildFindings}. */
export interface BuildFindingsInput {
  aggregates: Iterable<Aggregate>;
  registry: ReadonlyMap<string, PodRef>;
  dns: DnsObservations;
  /** Canonical `/32`/`/128` CIDRs of pod and node addresses seen in the capture. */
  clusterIps: ReadonlySet<string>;
  sampleSize: number;
}

function sortedEntries(record: Record<string, string>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function mergeInto(target: Finding, agg: Aggregate, sampleSize: number): void {
  target.flows += agg.flows;
  target.auditFlows += agg.auditFlows;
  target.blockedFlows += agg.blockedFlows;
  target.blockedNow = target.blockedFlows > 0;
  target.firstSeen = Math.min(target.firstSeen, agg.firstSeen);
  target.lastSeen = Math.max(target.lastSeen, agg.lastSeen);
  target.nodes = [...new Set([...target.nodes, ...agg.nodes])].sort();
  target.samples = [...target.samples, ...agg.samples].sort((a, b) => a.time - b.time).slice(0, sampleSize);
  target.timing = mergeTiming(target.timing, agg.timing);
}

/**
 * Resolves selectors and turns aggregates into findings: one per (subject namespace + selector, direction, peer,
 * port, protocol), with stable ids, DNS resolvers for FQDN peers, sorted by key.
 */
export function buildFindings(input: BuildFindingsInput): { findings: Finding[]; problems: Problem[]; skipped: { namespace: string; auditFlows: number }[] } {
  const { selectors, ambiguous } = resolveSelectors(input.registry.values());
  // Every ref seen in a flow is registered, so the registry always knows it.
  const lookup = (ref: Pick<PodRef, 'key'>) => {
    const known = input.registry.get(ref.key)!;
    return { ref: known, selector: selectors.get(ref.key)! };
  };
  const byKey = new Map<string, Finding>();
  const problems: Problem[] = [];
  const flagged = new Set<string>();
  const skipped: { namespace: string; auditFlows: number }[] = [];
  for (const agg of input.aggregates) {
    const { ref: subjectRef, selector } = lookup({ key: agg.subjectKey });
    const peer = toPeer(agg.peer, subjectRef.namespace, lookup);
    const where = { namespace: subjectRef.namespace, workload: subjectRef.workload };
    if (peer.kind === 'cidr' && input.clusterIps.has(peer.cidr)) {
      problems.push(problem('LSP009', { ...where, count: agg.flows }));
      skipped.push({ namespace: subjectRef.namespace, auditFlows: agg.auditFlows });
      continue;
    }
    // Unselectable subjects have no selector: the workload name keeps their findings apart.
    const subjectKey = subjectRef.unselectable ? ['unselectable', subjectRef.workload] : sortedEntries(selector);
    const key = JSON.stringify([subjectRef.namespace, subjectKey, agg.direction, peerCanonical(peer), agg.protocol, agg.port]);
    for (const refKey of [agg.subjectKey, agg.peer.kind === 'endpoint' ? agg.peer.ref.key : '']) {
      if (!ambiguous.has(refKey) || flagged.has(refKey)) continue;
      flagged.add(refKey);
      const ref = input.registry.get(refKey)!;
      problems.push(problem('LSP011', { namespace: ref.namespace, workload: ref.workload }));
    }
    const existing = byKey.get(key);
    if (existing) {
      mergeInto(existing, agg, input.sampleSize);
      continue;
    }
    const labels = { ...subjectRef.labels, [NAMESPACE_LABEL.slice(4)]: subjectRef.namespace };
    const subject: Finding['subject'] = { namespace: subjectRef.namespace, selector: { ...selector }, workload: subjectRef.workload, labels };
    if (subjectRef.unselectable) subject.unselectable = { ...subjectRef.unselectable };
    const finding: Finding = {
      id: shortHash(key), key, subject, direction: agg.direction, peer, protocol: agg.protocol, port: agg.port,
      flows: 0, auditFlows: 0, blockedFlows: 0, blockedNow: false, firstSeen: agg.firstSeen, lastSeen: agg.lastSeen, nodes: [], samples: [],
    };
    mergeInto(finding, agg, input.sampleSize);
    if (peer.kind === 'fqdn') finding.dns = resolversFor(agg.subjectKey, peer.names, subjectRef.namespace, input, lookup);
    byKey.set(key, finding);
  }
  const findings = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const f of findings) {
    if (f.dns?.source === 'fallback') problems.push(problem('LSP103', { namespace: f.subject.namespace, workload: f.subject.workload, findingIds: [f.id] }));
    if (f.dns?.source === 'inferred') problems.push(problem('LSP104', { namespace: f.subject.namespace, workload: f.subject.workload, findingIds: [f.id] }));
    if (f.peer.kind === 'cidr') problems.push(problem(f.direction === 'EGRESS' ? 'LSP101' : 'LSP102', { namespace: f.subject.namespace, workload: f.subject.workload, findingIds: [f.id], count: f.flows }));
  }
  return { findings, problems, skipped };
}

function resolversFor(
  subjectKey: string,
  names: string[],
  namespace: string,
  input: BuildFindingsInput,
  lookup: Parameters<typeof toPeer>[2],
): DnsResolvers {
  const found = input.dns.lookup(subjectKey, names);
  if (found.source === 'fallback') return { resolvers: [fallbackResolver(namespace)], source: 'fallback' };
  const peers = new Map(found.entries.map((e) => toPeer(e.peer, namespace, lookup)).map((p) => [peerCanonical(p), p]));
  return { resolvers: [...peers.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, p]) => p), source: found.source };
}

import { describe, expect, it } from 'vitest';
import type { GraphEdge, NodeKind, VerdictCounts } from '@/lib/graph/graph';
import type { NamespaceGraph, NamespaceGraphNode } from '@/lib/graph/namespace-graph';
import { BIG_MAP_EDGES, DEFAULT_MAP_FILTERS, cardLabel, edgeHoverLabel, edgeVerdictClass, pairEdgeId, portLabel, toElements, type MapFilters } from './to-elements';

function node(id: string, kind: NodeKind = 'workload', labels: string[] = []): NamespaceGraphNode {
  const [namespace, name] = id.includes('/') ? id.split('/') : ['', id.replace(/^\w+:/, '')];
  return { id, label: name, kind, namespace, labels, pods: 1, firstSeen: 0, lastSeen: 0, external: namespace !== '' && namespace !== 'shop' };
}

function edge(source: string, target: string, port: number, verdicts: VerdictCounts, protocol: GraphEdge['protocol'] = 'TCP'): GraphEdge {
  return { id: `${source}->${target}:${port}/${protocol}`, source, target, port, protocol, verdicts, firstSeen: 0, lastSeen: 0, auditDirections: [], recentFlows: [] };
}

/** The shop namespace: web calls api (two ports), api calls the database, DNS, Prometheus scrapes, kubelet probes. */
const GRAPH: NamespaceGraph = {
  namespace: 'shop',
  nodes: [
    node('entity:host', 'host'), node('kube-system/coredns'), node('monitoring/prometheus'), node('other/unrelated'),
    node('shop/api', 'workload', ['k8s:app=api', 'k8s:tier=backend']), node('shop/db'), node('shop/idle'), node('shop/web'),
  ],
  edges: [
    edge('entity:host', 'shop/web', 8080, { FORWARDED: 3 }),
    edge('monitoring/prometheus', 'shop/api', 9090, { FORWARDED: 5 }),
    edge('shop/api', 'kube-system/coredns', 53, { FORWARDED: 4 }, 'UDP'),
    edge('shop/api', 'shop/db', 5432, { DROPPED: 2 }),
    edge('shop/web', 'shop/api', 8080, { FORWARDED: 10 }),
    edge('shop/web', 'shop/api', 8443, { FORWARDED: 1, AUDIT: 1 }),
  ],
};

const ids = (filters: Partial<MapFilters> = {}) => toElements(GRAPH, { ...DEFAULT_MAP_FILTERS, ...filters }).map((e) => e.data.id);
const byId = (filters: Partial<MapFilters> = {}) => new Map(toElements(GRAPH, { ...DEFAULT_MAP_FILTERS, ...filters }).map((e) => [e.data.id, e]));

describe('toElements', () => {
  it('draws the namespace own workloads (idle ones too) and the peers they talk to, not unrelated nodes', () => {
    const nodes = toElements(GRAPH).filter((e) => e.group === 'nodes').map((e) => e.data.id);
    expect(nodes).toEqual(['entity:host', 'kube-system/coredns', 'monitoring/prometheus', 'shop/api', 'shop/db', 'shop/idle', 'shop/web']);
  });

  it('draws one edge per direction of a peer pair, carrying every port, in the colour of its most telling verdict', () => {
    const web = byId().get(pairEdgeId('shop/web', 'shop/api'))!;
    expect(web.data).toMatchObject({ source: 'shop/web', target: 'shop/api', label: '8443/TCP · 8080/TCP', count: 2, held: false });
    // AUDIT first: it is what the rollout is about.
    expect(web.data.members).toBe('shop/web->shop/api:8443/TCP\nshop/web->shop/api:8080/TCP');
    expect(web.classes).toBe('v-audit');
    expect(byId().get(pairEdgeId('shop/api', 'shop/db'))!.classes).toBe('v-dropped');
    expect(toElements(GRAPH).filter((e) => e.group === 'edges')).toHaveLength(5);
  });

  it('keeps counts out of element data (they change with every flow) so unchanged edges are not restyled', () => {
    const before = byId().get(pairEdgeId('shop/web', 'shop/api'))!;
    const busier = { ...GRAPH, edges: GRAPH.edges.map((e) => ({ ...e, verdicts: { ...e.verdicts, FORWARDED: (e.verdicts.FORWARDED ?? 0) + 100 } })) };
    const after = new Map(toElements(busier).map((e) => [e.data.id, e])).get(pairEdgeId('shop/web', 'shop/api'))!;
    expect(after.data).toEqual(before.data);
  });

  it('marks an edge two-way only when its reverse is drawn too (those two are curved apart, the rest drawn straight)', () => {
    const both = { ...GRAPH, edges: [...GRAPH.edges, edge('shop/api', 'shop/web', 8080, { FORWARDED: 1 })] };
    const twoWay = (graph: NamespaceGraph, filters: Partial<MapFilters> = {}) => toElements(graph, { ...DEFAULT_MAP_FILTERS, ...filters }).filter((e) => e.data.twoWay).map((e) => e.data.id);
    expect(twoWay(GRAPH)).toEqual([]);
    expect(twoWay(both).sort()).toEqual([pairEdgeId('shop/web', 'shop/api'), pairEdgeId('shop/api', 'shop/web')].sort());
    // The reverse hidden by a filter: the one drawn is straight again.
    expect(twoWay({ ...both, edges: [...GRAPH.edges.filter((e) => e.source !== 'shop/web'), edge('shop/api', 'shop/web', 8080, { FORWARDED: 1 }), edge('shop/web', 'shop/api', 8080, { DROPPED: 1 })] }, { verdicts: { ...DEFAULT_MAP_FILTERS.verdicts, dropped: false } })).toEqual([]);
  });

  it('shortens a label of many ports to three and a count', () => {
    const many = { ...GRAPH, edges: [1, 2, 3, 4, 5].map((p) => edge('shop/web', 'shop/db', p, { FORWARDED: 1 })) };
    expect(toElements(many).find((e) => e.group === 'edges')!.data.label).toBe('1/TCP · 2/TCP · 3/TCP +2');
  });

  it('hides DNS, host and Prometheus edges when asked, and the peers only they connected', () => {
    expect(ids({ hideDns: true })).not.toContain(pairEdgeId('shop/api', 'kube-system/coredns'));
    expect(ids({ hideDns: true })).not.toContain('kube-system/coredns');
    expect(ids({ hideHost: true })).not.toContain('entity:host');
    expect(ids({ hidePrometheus: true })).not.toContain(pairEdgeId('monitoring/prometheus', 'shop/api'));
    expect(ids({ hidePrometheus: true })).toContain(pairEdgeId('shop/web', 'shop/api'));
    // Own workloads stay even without edges.
    expect(ids({ hideDns: true, hideHost: true, hidePrometheus: true })).toContain('shop/idle');
  });

  it('shows only the verdict classes asked for', () => {
    const onlyDropped = ids({ verdicts: { audit: false, dropped: true, forwarded: false, other: false } });
    expect(onlyDropped.filter((id) => String(id).startsWith('pair:'))).toEqual([pairEdgeId('shop/api', 'shop/db')]);
    // Hiding AUDIT hides the audited port but not its forwarded sibling.
    const noAudit = byId({ verdicts: { audit: false, dropped: true, forwarded: true, other: true } });
    expect(noAudit.get(pairEdgeId('shop/web', 'shop/api'))!.data).toMatchObject({ label: '8080/TCP', count: 1 });
  });

  it('highlights nodes matching the search by name or label and dims the others', () => {
    const found = byId({ search: 'Backend' });
    expect(found.get('shop/api')!.classes).toBe('kind-workload match');
    expect(found.get('shop/web')!.classes).toBe('kind-workload dim');
    expect(byId().get('shop/web')!.classes).toBe('kind-workload');
    expect(byId().get('monitoring/prometheus')!.classes).toBe('kind-workload external');
  });

  it('marks the drawn edge of a held connection', () => {
    const held = new Set(['shop/api->shop/db:5432/TCP']);
    const edges = toElements(GRAPH, DEFAULT_MAP_FILTERS, held).filter((e) => e.data.held);
    expect(edges.map((e) => [e.data.id, e.classes])).toEqual([[pairEdgeId('shop/api', 'shop/db'), 'v-dropped held']]);
  });
});

describe('edge helpers', () => {
  it('classes an edge by its most telling verdict', () => {
    expect(edgeVerdictClass(edge('a', 'b', 1, { FORWARDED: 9, DROPPED: 1, AUDIT: 1 }))).toBe('audit');
    expect(edgeVerdictClass(edge('a', 'b', 1, { FORWARDED: 9, DROPPED: 1 }))).toBe('dropped');
    expect(edgeVerdictClass(edge('a', 'b', 1, { REDIRECTED: 1 }))).toBe('forwarded');
    expect(edgeVerdictClass(edge('a', 'b', 1, { ERROR: 1 }))).toBe('other');
  });

  it('labels ports, hover counts and cards', () => {
    expect(portLabel(edge('a', 'b', 0, {}, 'ICMPv4'))).toBe('ICMPv4');
    expect(edgeHoverLabel(edge('a', 'b', 443, { FORWARDED: 3, AUDIT: 1 }))).toBe('443/TCP  ✓3 ✕0 ⚠1');
    expect(cardLabel(node('monitoring/prometheus'), 'shop')).toBe('monitoring/prometheus');
    expect(cardLabel(node('shop/web'), 'shop')).toBe('web');
    expect(cardLabel(node('entity:host', 'host'), 'shop')).toBe('host');
  });
});

describe('big maps', () => {
  const star = (targets: number): NamespaceGraph => ({
    namespace: 'shop',
    nodes: [node('shop/web'), ...Array.from({ length: targets }, (_, i) => node(`shop/api-${i}`))],
    edges: Array.from({ length: targets }, (_, i) => edge('shop/web', `shop/api-${i}`, 8080, { FORWARDED: 1 })),
  });
  const labels = (graph: NamespaceGraph) => toElements(graph).filter((e) => e.group === 'edges').map((e) => e.data.label);

  it('draws edges without labels past BIG_MAP_EDGES (hover shows the ports), and with them up to it', () => {
    expect(new Set(labels(star(BIG_MAP_EDGES)))).toEqual(new Set(['8080/TCP']));
    expect(new Set(labels(star(BIG_MAP_EDGES + 1)))).toEqual(new Set(['']));
  });

  it('marks the edges of a big map (drawn fitted far out: longer AUDIT dashes), and only those', () => {
    const marked = (graph: NamespaceGraph) => new Set(toElements(graph).filter((e) => e.group === 'edges').map((e) => e.data.bigMap === true));
    expect(marked(star(BIG_MAP_EDGES))).toEqual(new Set([false]));
    expect(marked(star(BIG_MAP_EDGES + 1))).toEqual(new Set([true]));
  });
});

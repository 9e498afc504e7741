import { describe, expect, it } from 'vitest';
import type { Flow } from '@/lib/flow/flow';
import { extractFindings } from '@/lib/findings/extract-findings';
import { applyFlows } from '@/lib/graph/aggregate';
import { graphSnapshot } from '@/lib/graph/graph-snapshot';
import { createServiceGraph } from '@/lib/graph/service-graph';
import { flowBetween } from '@/lib/testing/flow-builders';
import { barePod, worldEgress } from '@/lib/testing/triage-builders';
import { namespaceGraph } from '@/lib/graph/namespace-graph';
import { heldEdgeIds } from './held-edges';
import { toElements } from './to-elements';

/** The findings of `flows` (AUDIT verdicts), `held` where `hold` says so by key, and the graph of every flow. */
function setup(flows: Flow[], hold: (key: string) => boolean, sampleSize = 1) {
  const { findings } = extractFindings(flows, { sampleSize });
  const graph = createServiceGraph();
  applyFlows(graph, flows);
  const describePeer = (f: (typeof findings)[number]) => (f.peer.kind === 'endpoint' ? `${f.peer.namespace}/${f.peer.workload}` : f.peer.kind === 'cidr' ? f.peer.cidr : f.peer.kind);
  return { findings: findings.map((f) => ({ ...f, held: hold(`${f.subject.workload}>${describePeer(f)}:${f.port}`) })), snapshot: graphSnapshot(graph) };
}

describe('heldEdgeIds', () => {
  it('marks every edge a held finding covers from its key, with no sample flow to go by', () => {
    const debug = [
      flowBetween('webapp/debug-netshoot', 'webapp/postgres', { port: 5432, direction: 'INGRESS', source: { ...barePod('debug-netshoot') } }),
      flowBetween('webapp/debug-netshoot', 'webapp/postgres', { port: 5432, direction: 'INGRESS', source: { ...barePod('debug-netshoot'), podName: 'debug-netshoot-2' } }),
    ];
    const beacon = [
      flowBetween('webapp/webapp', 'reserved:world', worldEgress(28082, '192.0.2.77')),
      flowBetween('webapp/webapp', 'reserved:world', worldEgress(28082, '192.0.2.77')),
    ];
    const { findings, snapshot } = setup([...debug, ...beacon], (key) => key.endsWith('192.0.2.77/32:28082') || key.startsWith('postgres>webapp/debug-netshoot'), 0);
    expect(findings.filter((f) => f.held).map((f) => f.samples.length)).toEqual([0, 0]);
    const held = heldEdgeIds(findings, snapshot);
    expect([...held].sort()).toEqual(['webapp/debug-netshoot->webapp/postgres:5432/TCP', 'webapp/webapp->entity:world:28082/TCP']);
    for (const id of held) expect(snapshot.edges.map((e) => e.id)).toContain(id);
  });

  it('leaves alone the edges of findings not held: another port to the same world node, the same pair the other way', () => {
    const flows = [
      flowBetween('webapp/webapp', 'reserved:world', worldEgress(28082, '192.0.2.77')),
      flowBetween('webapp/webapp', 'reserved:world', worldEgress(587, '192.0.2.25')),
      flowBetween('monitoring/prometheus', 'webapp/webapp', { port: 3000, direction: 'INGRESS' }),
      flowBetween('webapp/webapp', 'monitoring/prometheus', { port: 3000, direction: 'EGRESS' }),
    ];
    const { findings, snapshot } = setup(flows, () => false);
    expect(findings).toHaveLength(4);
    const ingress = findings.find((f) => f.direction === 'INGRESS')!;
    const marked = heldEdgeIds(findings.map((f) => ({ ...f, held: f === ingress })), snapshot);
    expect([...marked]).toEqual(['monitoring/prometheus->webapp/webapp:3000/TCP']);
    expect(heldEdgeIds(findings.map((f) => ({ ...f, held: false })), snapshot).size).toBe(0);
    expect(heldEdgeIds(findings.map((f) => ({ ...f, held: f.port === 587 })), snapshot)).toEqual(new Set(['webapp/webapp->entity:world:587/TCP']));
  });

  it('marks the drawn edge that carries a held connection, and no other', () => {
    const debug = flowBetween('webapp/debug-netshoot', 'webapp/postgres', { port: 5432, direction: 'INGRESS', source: barePod('debug-netshoot') });
    const app = flowBetween('webapp/webapp', 'webapp/postgres', { port: 5432, direction: 'INGRESS' });
    const { findings, snapshot } = setup([debug, app], (key) => key.includes('debug-netshoot'));
    const edges = toElements(namespaceGraph(snapshot, 'webapp'), undefined, heldEdgeIds(findings, snapshot)).filter((e) => e.group === 'edges');
    expect(edges.filter((e) => e.data.held).map((e) => [e.data.id, e.classes])).toEqual([['pair:webapp/debug-netshoot->webapp/postgres', 'v-audit held']]);
    expect(edges).toHaveLength(2);
  });
});

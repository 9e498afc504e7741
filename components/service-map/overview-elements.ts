import type { ElementDefinition } from 'cytoscape';
import type { OverviewGraph } from '@/lib/graph/overview';

/** Cytoscape elements of the all-namespaces overview: namespaces and entities as nodes, verdict mix on edges. */
export function overviewElements(graph: OverviewGraph): ElementDefinition[] {
  const nodes: ElementDefinition[] = graph.nodes.map((n) => ({
    group: 'nodes',
    data: { id: n.id, label: n.kind === 'namespace' ? `${n.label} (${n.workloads})` : n.label, kind: n.kind, audit: n.verdicts.AUDIT ?? 0 },
    classes: `kind-${n.kind === 'namespace' ? 'workload' : n.kind}${n.verdicts.AUDIT ? ' has-audit' : ''}`,
  }));
  const edges: ElementDefinition[] = graph.edges.map((e) => {
    const audit = e.verdicts.AUDIT ?? 0;
    const dropped = e.verdicts.DROPPED ?? 0;
    const forwarded = e.verdicts.FORWARDED ?? 0;
    const cls = audit ? 'audit' : dropped ? 'dropped' : forwarded ? 'forwarded' : 'other';
    return {
      group: 'edges',
      data: { id: e.id, source: e.source, target: e.target, label: `${e.edges} edge${e.edges === 1 ? '' : 's'}` },
      classes: `v-${cls}`,
    };
  });
  return [...nodes, ...edges];
}

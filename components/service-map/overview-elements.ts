import type { ElementDefinition } from 'cytoscape';
import type { OverviewGraph } from '@/lib/graph/overview';
import { cardSize } from './layout-positions';
import { markTwoWay } from './to-elements';

/** Cytoscape elements of the all-namespaces overview: namespaces and entities as nodes, verdict mix on edges. */
export function overviewElements(graph: OverviewGraph): ElementDefinition[] {
  const nodes: ElementDefinition[] = graph.nodes.map((n) => {
    const label = n.kind === 'namespace' ? `${n.label} (${n.workloads})` : n.label;
    const size = cardSize(label, n.kind === 'namespace' ? 'workload' : n.kind);
    return {
      group: 'nodes',
      data: { id: n.id, label, kind: n.kind, namespace: n.namespace, audit: n.verdicts.AUDIT ?? 0, width: size.width, height: size.height },
      classes: `kind-${n.kind === 'namespace' ? 'workload' : n.kind}${n.verdicts.AUDIT ? ' has-audit' : ''}`,
    };
  });
  const edges: ElementDefinition[] = graph.edges.map((e) => {
    const audit = e.verdicts.AUDIT ?? 0;
    const dropped = e.verdicts.DROPPED ?? 0;
    const forwarded = e.verdicts.FORWARDED ?? 0;
    const cls = audit ? 'audit' : dropped ? 'dropped' : forwarded ? 'forwarded' : 'other';
    return {
      group: 'edges',
      data: { id: e.id, source: e.source, target: e.target, label: e.ports.length > 3 ? `${e.ports.slice(0, 3).join(' · ')} +${e.ports.length - 3}` : e.ports.join(' · ') },
      classes: `v-${cls}`,
    };
  });
  markTwoWay(edges);
  return [...nodes, ...edges];
}

import type { Flow } from '@/lib/flow/model';
import { edgeIdOf, type EdgeProtocol } from '@/lib/graph/model';
import { workloadOf } from '@/lib/graph/workload-identity';

/** What the map needs of a finding (GET /api/namespaces/{ns}/findings). */
export interface HeldFindingLike {
  held?: boolean;
  samples: readonly Flow[];
}

/**
 * Ids of the graph edges (`<source>-><target>:<port>/<protocol>`) whose connections belong to a finding held for
 * review: each held finding's sample flows resolved to the nodes and edge the service graph puts them on.
 */
export function heldEdgeIds(findings: readonly HeldFindingLike[]): Set<string> {
  const out = new Set<string>();
  for (const finding of findings) {
    if (!finding.held) continue;
    for (const flow of finding.samples) {
      const source = workloadOf(flow.source, { names: flow.sourceNames });
      const target = workloadOf(flow.destination, { names: flow.destinationNames });
      const l4 = flow.l4;
      const protocol: EdgeProtocol = l4 === undefined ? 'UNKNOWN' : l4.protocol;
      const port = l4 !== undefined && 'destinationPort' in l4 ? l4.destinationPort : 0;
      out.add(edgeIdOf(source.id, target.id, port, protocol));
    }
  }
  return out;
}

import type { Flow } from '../flow/flow';
import { describeDestination, describePort, describeSource } from '../flow/describe';
import { findingOfFlow } from '../findings/finding-of-flow';
import type { Finding } from '../findings/finding';
import type { CiliumPolicy } from '../policy/cnp-types';
import { compilePolicies } from '../policy/evaluate-compile';
import { evaluateFlow } from '../policy/evaluate-flow';
import { isReplayable } from '../policy/evaluate-replay';

/** Why a connection the default deny would drop may be dropped: a reviewer rejected it, or accepted its patch. */
export type DropExplanation = 'rejected' | 'accepted';

/** One connection (subject, peer, port) the default deny would newly drop. */
export interface DefaultDenyDrop {
  source: string;
  destination: string;
  port: string;
  direction: 'INGRESS' | 'EGRESS';
  /** Its verdict today (FORWARDED: working traffic that would break). */
  verdict: string;
  flows: number;
  /** Null: nobody decided about it, so step 8 would cut it unannounced. */
  explanation: DropExplanation | null;
  findingId: string | null;
}

/** Per namespace: flows the default deny would drop that today's policies allow. */
export interface NamespaceDefaultDenyReplay {
  namespace: string;
  flows: number;
  /** Of those, flows of connections no review explains. */
  unexplainedFlows: number;
  connections: DefaultDenyDrop[];
}

/** "N flows in M namespaces would be dropped by the default deny" (step 8), verified like the patch. */
export interface DefaultDenyReplay {
  evaluated: number;
  flows: number;
  unexplainedFlows: number;
  namespaces: NamespaceDefaultDenyReplay[];
  /** True when the CCNP may be offered: nothing would be dropped, or every dropped connection is explained. */
  safe: boolean;
}

/** A finding with its review status (`GET /api/namespaces/{ns}/findings`). */
export type ReviewedFinding = Finding & { status?: string };

/** Options of {@link replayDefaultDeny}. Default for `maxConnections`: 20 per namespace. */
export interface ReplayDefaultDenyOptions {
  maxConnections?: number;
}

/**
 * Replays recorded flows against today's policies, then with the cluster-wide default-deny added: the flows it
 * would newly drop (allowed today, dropped with it), per namespace of the deciding endpoint, each connection
 * explained when a reviewed finding covers it (rejected: meant to stop; accepted: its patch will allow it).
 * Flows already dropped today are the patch's business, not the CCNP's, and are not counted.
 */
export function replayDefaultDeny(flows: Iterable<Flow>, policies: readonly CiliumPolicy[], ccnp: CiliumPolicy, findings: readonly ReviewedFinding[], options: ReplayDefaultDenyOptions = {}): DefaultDenyReplay {
  const today = compilePolicies(policies);
  const withDeny = compilePolicies([...policies, ccnp]);
  const byNamespace = new Map<string, NamespaceDefaultDenyReplay & { keys: Map<string, DefaultDenyDrop> }>();
  let evaluated = 0;
  for (const flow of flows) {
    if (!isReplayable(flow) || (flow.verdict !== 'FORWARDED' && flow.verdict !== 'AUDIT')) continue;
    evaluated++;
    if (!evaluateFlow(flow, today).allowed) continue;
    const verdict = evaluateFlow(flow, withDeny);
    if (verdict.allowed) continue;
    const namespace = (verdict.direction === 'INGRESS' ? flow.destination : flow.source).namespace || '(outside pods)';
    let ns = byNamespace.get(namespace);
    if (!ns) byNamespace.set(namespace, (ns = { namespace, flows: 0, unexplainedFlows: 0, connections: [], keys: new Map() }));
    const drop = dropOf(flow, verdict.direction, findings);
    const key = `${drop.direction}|${drop.source}|${drop.destination}|${drop.port}`;
    const known = ns.keys.get(key);
    if (known) known.flows++;
    else {
      ns.keys.set(key, drop);
      if (ns.connections.length < (options.maxConnections ?? 20)) ns.connections.push(drop);
    }
    ns.flows++;
    if ((known ?? drop).explanation === null) ns.unexplainedFlows++;
  }
  const namespaces = [...byNamespace.values()].sort((a, b) => b.unexplainedFlows - a.unexplainedFlows || a.namespace.localeCompare(b.namespace)).map(({ keys: _keys, ...ns }) => ns);
  const total = namespaces.reduce((n, ns) => n + ns.flows, 0);
  const unexplained = namespaces.reduce((n, ns) => n + ns.unexplainedFlows, 0);
  return { evaluated, flows: total, unexplainedFlows: unexplained, namespaces, safe: unexplained === 0 };
}

function dropOf(flow: Flow, direction: 'INGRESS' | 'EGRESS', findings: readonly ReviewedFinding[]): DefaultDenyDrop {
  const finding = findingOfFlow({ ...flow, trafficDirection: direction }, findings);
  const status = finding?.status;
  const explanation = status === 'rejected' || status === 'accepted' ? status : null;
  const source = flow.source.workloads[0]?.name ? `${flow.source.namespace}/${flow.source.workloads[0].name}` : describeSource(flow);
  const destination = flow.destination.workloads[0]?.name ? `${flow.destination.namespace}/${flow.destination.workloads[0].name}` : describeDestination(flow);
  return { source, destination, port: describePort(flow), direction, verdict: flow.verdict, flows: 1, explanation, findingId: finding?.id ?? null };
}

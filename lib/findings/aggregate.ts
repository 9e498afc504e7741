import type { Flow } from '../flow/model';
import type { InternalPeer, Observation } from './classify-flow';
import type { FindingDirection, FindingProtocol } from './model';
import { internalPeerKey } from './peer-key';
import { addTime, emptyTiming, type FindingTiming } from './finding-timing';

/** Running totals for one (subject workload, direction, peer, port, protocol) before selectors are resolved. */
export interface Aggregate {
  subjectKey: string;
  direction: FindingDirection;
  peer: InternalPeer;
  protocol: FindingProtocol;
  port: number;
  flows: number;
  auditFlows: number;
  blockedFlows: number;
  firstSeen: number;
  lastSeen: number;
  nodes: Set<string>;
  samples: Flow[];
  timing: FindingTiming;
}

/** The map key of an observation's aggregate. */
export function aggregateKey(o: Observation): string {
  return `${o.subject.id}|${o.direction}|${internalPeerKey(o.peer)}|${o.protocol}/${o.port}`;
}

const MAX_NODES = 256;

/** Adds one flow to an aggregate (creating it when `current` is undefined). Keeps the first `sampleSize` flows. */
export function addToAggregate(current: Aggregate | undefined, o: Observation, flow: Flow, sampleSize: number): Aggregate {
  const agg = current ?? {
    subjectKey: o.subject.key,
    direction: o.direction,
    peer: o.peer,
    protocol: o.protocol,
    port: o.port,
    flows: 0,
    auditFlows: 0,
    blockedFlows: 0,
    firstSeen: flow.time,
    lastSeen: flow.time,
    nodes: new Set<string>(),
    samples: [],
    timing: emptyTiming(),
  };
  agg.flows++;
  if (o.blocked) agg.blockedFlows++;
  else agg.auditFlows++;
  if (flow.time < agg.firstSeen) agg.firstSeen = flow.time;
  if (flow.time > agg.lastSeen) agg.lastSeen = flow.time;
  if (flow.nodeName && agg.nodes.size < MAX_NODES) agg.nodes.add(flow.nodeName);
  if (agg.samples.length < sampleSize) agg.samples.push(flow);
  addTime(agg.timing, flow.time);
  return agg;
}

import type { Flow } from '../flow/flow';
import type { InternalPeer, Observation } from './classify-flow';
import type { FindingDirection, FindingProtocol } from './finding';
import { internalPeerKey } from './peer-key';
import { addEarliestTime, addTime, emptyTiming, type FindingTiming } from './finding-timing';

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

/**
 * Adds an aggregate of flows read after `target`'s (in place): the same as if they had been added to it one by one
 * (the first samples and nodes in reading order, the earliest times, hours and counts added).
 */
export function mergeAggregate(target: Aggregate, later: Aggregate, sampleSize: number): void {
  target.flows += later.flows;
  target.auditFlows += later.auditFlows;
  target.blockedFlows += later.blockedFlows;
  target.firstSeen = Math.min(target.firstSeen, later.firstSeen);
  target.lastSeen = Math.max(target.lastSeen, later.lastSeen);
  for (const node of later.nodes) if (target.nodes.size < MAX_NODES) target.nodes.add(node);
  for (const sample of later.samples) if (target.samples.length < sampleSize) target.samples.push(sample);
  later.timing.hours.forEach((n, h) => (target.timing.hours[h] += n));
  for (const time of later.timing.times) addEarliestTime(target.timing, time);
}

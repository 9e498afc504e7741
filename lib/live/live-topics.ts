import { isValidNamespace } from '../findings/label-validation';
import { isGraphWindow, type GraphWindow } from '../graph/windowed-graph';

/**
 * What a browser tab subscribes to on the one live stream (`GET /api/stream`): the relay status and namespace
 * counters always, plus the flows of some namespaces and the service maps of some (namespace, window) pairs.
 * Several tabs share one connection, so the stream carries the union of their topics.
 */
export interface LiveTopics {
  /** Namespaces whose flows are streamed. */
  flows: string[];
  /** Service maps streamed as a snapshot, then deltas. */
  graphs: GraphTopic[];
}

export interface GraphTopic {
  namespace: string;
  window: GraphWindow;
}

/** The most namespaces (flows plus maps) one stream carries; more is refused, not silently cut. */
export const MAX_LIVE_TOPICS = 64;

export const NO_TOPICS: LiveTopics = Object.freeze({ flows: [], graphs: [] }) as LiveTopics;

export function graphTopicKey(topic: GraphTopic): string {
  return `${topic.namespace}:${topic.window}`;
}

/** The union of several tabs' topics, de-duplicated and sorted (same union, same URL). */
export function mergeTopics(all: readonly LiveTopics[]): LiveTopics {
  const flows = new Set<string>();
  const graphs = new Map<string, GraphTopic>();
  for (const topics of all) {
    for (const ns of topics.flows) flows.add(ns);
    for (const g of topics.graphs) graphs.set(graphTopicKey(g), { namespace: g.namespace, window: g.window });
  }
  return { flows: [...flows].sort(), graphs: [...graphs.keys()].sort().map((k) => graphs.get(k)!) };
}

/** A stable string for a topic set: equal topics, equal key. */
export function topicsKey(topics: LiveTopics): string {
  const merged = mergeTopics([topics]);
  return `${merged.flows.join(',')}|${merged.graphs.map(graphTopicKey).join(',')}`;
}

/** The stream URL for a topic set: `/api/stream?flows=a,b&graph=a:1h`. */
export function liveStreamUrl(topics: LiveTopics): string {
  const merged = mergeTopics([topics]);
  const params: string[] = [];
  if (merged.flows.length) params.push(`flows=${merged.flows.join(',')}`);
  if (merged.graphs.length) params.push(`graph=${merged.graphs.map(graphTopicKey).join(',')}`);
  return params.length ? `/api/stream?${params.join('&')}` : '/api/stream';
}

/** Parses the stream's query (`flows`, `graph`); problems come back as a message, never thrown. */
export function parseLiveTopics(flows: string | null, graph: string | null): { topics: LiveTopics } | { error: string } {
  const flowList = (flows ?? '').split(',').filter(Boolean);
  const graphList = (graph ?? '').split(',').filter(Boolean);
  if (flowList.length + graphList.length > MAX_LIVE_TOPICS) return { error: `at most ${MAX_LIVE_TOPICS} topics per stream` };
  for (const ns of flowList) if (!isValidNamespace(ns)) return { error: `flows: "${ns.slice(0, 80)}" is not a valid namespace name` };
  const graphs: GraphTopic[] = [];
  for (const item of graphList) {
    const [namespace, window = '1h'] = item.split(':');
    if (!isValidNamespace(namespace)) return { error: `graph: "${namespace.slice(0, 80)}" is not a valid namespace name` };
    if (!isGraphWindow(window)) return { error: `graph: window of ${namespace} must be 15m, 1h, 24h or all` };
    graphs.push({ namespace, window });
  }
  return { topics: mergeTopics([{ flows: flowList, graphs }]) };
}

/** Whether a flow belongs to a namespace's flow topic (either end in it). */
export function flowInNamespace(flow: { source: { namespace: string }; destination: { namespace: string } }, namespace: string): boolean {
  return flow.source.namespace === namespace || flow.destination.namespace === namespace;
}

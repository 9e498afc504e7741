import type { Flow } from '../flow/flow';
import { applyGraphDelta } from '../graph/apply-graph-delta';
import type { NamespaceGraph } from '../graph/namespace-graph';
import { appendFlows } from './append-flows';
import type { LiveEvent, StreamConnection } from './live-event';
import { flowInNamespace, graphTopicKey, type LiveTopics } from './live-topics';
import type { NamespaceSummary, RelayStatus } from './types';

/**
 * The latest state of a browser's live stream, so a tab (or a component) that subscribes late starts with what the
 * others already have: the connection, status and counters, the recent flows of each namespace (newest first,
 * bounded) and each service map with every delta applied. `replay` turns it back into events.
 */
export class LiveCache {
  connection: StreamConnection = 'connecting';
  status: RelayStatus | undefined;
  namespaces: NamespaceSummary[] | undefined;
  private readonly flows = new Map<string, readonly Flow[]>();
  private readonly graphs = new Map<string, NamespaceGraph>();

  /** @param flowsPerNamespace recent flows kept per namespace. Default: 2000. */
  constructor(private readonly flowsPerNamespace = 2000) {}

  /** Records an event; flows only for namespaces in `topics` (what someone listens to). */
  apply(event: LiveEvent, topics: LiveTopics): void {
    switch (event.kind) {
      case 'connection':
        this.connection = event.state;
        return;
      case 'status':
        this.status = event.status;
        return;
      case 'namespaces':
        this.namespaces = event.namespaces;
        return;
      case 'flows':
        for (const namespace of topics.flows) {
          const mine = event.flows.filter((f) => flowInNamespace(f, namespace));
          if (mine.length) this.flows.set(namespace, appendFlows(this.flows.get(namespace) ?? [], mine, this.flowsPerNamespace));
        }
        return;
      case 'graph': {
        const key = graphTopicKey(event);
        const current = this.graphs.get(key);
        if (event.snapshot) this.graphs.set(key, event.snapshot);
        else if (event.delta && current) this.graphs.set(key, applyGraphDelta(current, event.delta));
        return;
      }
    }
  }

  /** The current map of a (namespace, window), if known. */
  graph(namespace: string, window: string): NamespaceGraph | undefined {
    return this.graphs.get(`${namespace}:${window}`);
  }

  /** Events that bring a new listener of `topics` up to date (oldest flows first, as the server sends them). */
  replay(topics: LiveTopics): LiveEvent[] {
    const events: LiveEvent[] = [{ kind: 'connection', state: this.connection }];
    if (this.status) events.push({ kind: 'status', status: this.status });
    if (this.namespaces) events.push({ kind: 'namespaces', namespaces: this.namespaces });
    for (const namespace of topics.flows) {
      const flows = this.flows.get(namespace);
      if (flows?.length) events.push({ kind: 'flows', flows: [...flows].reverse(), skipped: 0 });
    }
    for (const topic of topics.graphs) {
      const snapshot = this.graphs.get(graphTopicKey(topic));
      if (snapshot) events.push({ kind: 'graph', namespace: topic.namespace, window: topic.window, snapshot });
    }
    return events;
  }

  /** Forgets flows and maps nobody listens to any more. */
  retain(topics: LiveTopics): void {
    const flows = new Set(topics.flows);
    for (const ns of this.flows.keys()) if (!flows.has(ns)) this.flows.delete(ns);
    const graphs = new Set(topics.graphs.map(graphTopicKey));
    for (const key of this.graphs.keys()) if (!graphs.has(key)) this.graphs.delete(key);
  }
}

'use client';

import { useEffect, useRef, useState } from 'react';
import type { Flow } from '@/lib/flow/flow';
import { applyGraphDelta } from '@/lib/graph/apply-graph-delta';
import type { NamespaceGraph } from '@/lib/graph/namespace-graph';
import { appendFlows } from '@/lib/live/append-flows';
import type { LiveEvent, StreamConnection } from '@/lib/live/live-event';
import type { GraphTopic } from '@/lib/live/live-topics';
import type { NamespaceSummary, RelayStatus } from '@/lib/live/types';
import { liveTab } from '../live/live-tab';

export type { StreamConnection };

/** What a live stream gives a page. */
export interface LiveStream {
  connection: StreamConnection;
  status: RelayStatus | undefined;
  namespaces: NamespaceSummary[] | undefined;
  /** Newest first, at most `capacity`. */
  flows: readonly Flow[];
  /** Flows the server could not deliver because this browser fell behind. */
  skipped: number;
  /** The service map asked for with `graph`, once its snapshot arrived. */
  graph: NamespaceGraph | undefined;
}

/** What a component subscribes to (status and namespace counters always come along). */
export interface LiveSubscription {
  /** A namespace whose flows are wanted. */
  flows?: string;
  /** A service map. */
  graph?: GraphTopic;
}

/** Options of {@link useLiveStream}. */
export interface UseLiveStreamOptions {
  /** Flows kept in the browser. Default: 1024. */
  capacity?: number;
  /** While paused, flows are not added (the connection stays up). Default: false. */
  paused?: boolean;
}

interface StreamState extends LiveStream {
  key: string;
}

const initial = (key: string): StreamState => ({ key, connection: 'connecting', status: undefined, namespaces: undefined, flows: [], skipped: 0, graph: undefined });

/**
 * Subscribes to the browser's shared live stream ({@link liveTab}: one connection for all tabs). State belongs to
 * one subscription: switching namespace or window starts empty, then fills from what the browser already holds.
 */
export function useLiveStream(subscription: LiveSubscription = {}, options: UseLiveStreamOptions = {}): LiveStream {
  const key = `${subscription.flows ?? ''}|${subscription.graph ? `${subscription.graph.namespace}:${subscription.graph.window}` : ''}`;
  const [state, setState] = useState<StreamState>(() => initial(key));
  const pausedRef = useRef(options.paused ?? false);
  useEffect(() => {
    pausedRef.current = options.paused ?? false;
  });
  const capacity = options.capacity ?? 1024;

  useEffect(() => {
    const [flowNs, graphKey] = key.split('|');
    const [graphNs, graphWindow] = graphKey ? graphKey.split(':') : [];
    const topics = { flows: flowNs ? [flowNs] : [], graphs: graphNs ? [{ namespace: graphNs, window: graphWindow as GraphTopic['window'] }] : [] };
    const onEvent = (event: LiveEvent) => setState((s) => reduce(s.key === key ? s : initial(key), event, capacity, pausedRef.current));
    return liveTab().subscribe(topics, onEvent);
  }, [key, capacity]);

  const { key: _key, ...current } = state.key === key ? state : initial(key);
  return current;
}

function reduce(s: StreamState, event: LiveEvent, capacity: number, paused: boolean): StreamState {
  switch (event.kind) {
    case 'connection':
      return s.connection === event.state ? s : { ...s, connection: event.state };
    case 'status':
      return { ...s, status: event.status };
    case 'namespaces':
      return { ...s, namespaces: event.namespaces };
    case 'flows':
      return { ...s, skipped: s.skipped + event.skipped, flows: paused ? s.flows : appendFlows(s.flows, event.flows, capacity) };
    case 'graph':
      if (event.snapshot) return { ...s, graph: event.snapshot };
      return event.delta && s.graph ? { ...s, graph: applyGraphDelta(s.graph, event.delta) } : s;
  }
}

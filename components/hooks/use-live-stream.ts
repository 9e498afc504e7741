'use client';

import { useEffect, useRef, useState } from 'react';
import type { Flow } from '@/lib/flow/model';
import { appendFlows } from '@/lib/live/flow-buffer';
import type { FlowBatch, NamespaceSummary, RelayStatus } from '@/lib/live/types';

/** State of the browser's SSE connection, always shown to the user. */
export type StreamConnection = 'connecting' | 'open' | 'reconnecting';

/** What a live stream gives a page. */
export interface LiveStream {
  connection: StreamConnection;
  status: RelayStatus | undefined;
  namespaces: NamespaceSummary[] | undefined;
  /** Newest first, at most `capacity`. */
  flows: readonly Flow[];
  /** Flows the server could not deliver because this tab fell behind. */
  skipped: number;
}

/** Options of {@link useLiveStream}. */
export interface UseLiveStreamOptions {
  /** Flows kept in the browser. Default: 1024. */
  capacity?: number;
  /** While paused, flows are not added (the connection stays up). Default: false. */
  paused?: boolean;
  /** Extra event names to listen to. */
  extraEvents?: string[];
  onExtra?(event: string, payload: unknown): void;
}

interface StreamState extends LiveStream {
  url: string;
}

const initial = (url: string): StreamState => ({ url, connection: 'connecting', status: undefined, namespaces: undefined, flows: [], skipped: 0 });

/**
 * Subscribes to a Lockstep SSE endpoint. EventSource reconnects by itself and sends Last-Event-ID, so the
 * server resumes where this tab left off. State belongs to one URL: switching URLs starts empty.
 */
export function useLiveStream(url: string, options: UseLiveStreamOptions = {}): LiveStream {
  const [state, setState] = useState<StreamState>(() => initial(url));
  const pausedRef = useRef(options.paused ?? false);
  const onExtraRef = useRef(options.onExtra);
  useEffect(() => {
    pausedRef.current = options.paused ?? false;
    onExtraRef.current = options.onExtra;
  });
  const capacity = options.capacity ?? 1024;
  const extraKey = (options.extraEvents ?? []).join(',');

  useEffect(() => {
    const update = (patch: (s: StreamState) => Partial<StreamState>) => setState((s) => {
      const base = s.url === url ? s : initial(url);
      return { ...base, ...patch(base) };
    });
    const source = new EventSource(url);
    source.onopen = () => update(() => ({ connection: 'open' }));
    source.onerror = () => update(() => ({ connection: 'reconnecting' }));
    source.addEventListener('status', (e) => update(() => ({ status: JSON.parse((e as MessageEvent).data) })));
    source.addEventListener('namespaces', (e) => update(() => ({ namespaces: JSON.parse((e as MessageEvent).data) })));
    source.addEventListener('flows', (e) => {
      const batch = JSON.parse((e as MessageEvent).data) as FlowBatch;
      update((s) => ({
        skipped: s.skipped + batch.skipped,
        flows: pausedRef.current ? s.flows : appendFlows(s.flows, batch.flows, capacity),
      }));
    });
    for (const name of extraKey ? extraKey.split(',') : []) {
      source.addEventListener(name, (e) => onExtraRef.current?.(name, JSON.parse((e as MessageEvent).data)));
    }
    return () => source.close();
  }, [url, capacity, extraKey]);

  const current = state.url === url ? state : initial(url);
  return { connection: current.connection, status: current.status, namespaces: current.namespaces, flows: current.flows, skipped: current.skipped };
}

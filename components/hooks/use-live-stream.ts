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

/**
 * Subscribes to a Lockstep SSE endpoint. EventSource reconnects by itself and sends Last-Event-ID, so the
 * server resumes where this tab left off.
 */
export function useLiveStream(url: string, options: UseLiveStreamOptions = {}): LiveStream {
  const [connection, setConnection] = useState<StreamConnection>('connecting');
  const [status, setStatus] = useState<RelayStatus>();
  const [namespaces, setNamespaces] = useState<NamespaceSummary[]>();
  const [flows, setFlows] = useState<readonly Flow[]>([]);
  const [skipped, setSkipped] = useState(0);
  const pausedRef = useRef(options.paused ?? false);
  pausedRef.current = options.paused ?? false;
  const onExtraRef = useRef(options.onExtra);
  onExtraRef.current = options.onExtra;
  const capacity = options.capacity ?? 1024;
  const extraKey = (options.extraEvents ?? []).join(',');

  useEffect(() => {
    setFlows([]);
    setSkipped(0);
    setConnection('connecting');
    const source = new EventSource(url);
    source.onopen = () => setConnection('open');
    source.onerror = () => setConnection('reconnecting');
    source.addEventListener('status', (e) => setStatus(JSON.parse((e as MessageEvent).data)));
    source.addEventListener('namespaces', (e) => setNamespaces(JSON.parse((e as MessageEvent).data)));
    source.addEventListener('flows', (e) => {
      const batch = JSON.parse((e as MessageEvent).data) as FlowBatch;
      if (batch.skipped) setSkipped((n) => n + batch.skipped);
      if (!pausedRef.current) setFlows((buffer) => appendFlows(buffer, batch.flows, capacity));
    });
    for (const name of extraKey ? extraKey.split(',') : []) {
      source.addEventListener(name, (e) => onExtraRef.current?.(name, JSON.parse((e as MessageEvent).data)));
    }
    return () => source.close();
  }, [url, capacity, extraKey]);

  return { connection, status, namespaces, flows, skipped };
}

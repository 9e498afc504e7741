'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Flow, Verdict } from '@/lib/flow/flow';
import { getJson } from '../ui/fetch-json';

/**
 * The server's recent flows of a namespace for a verdict filter (`GET /api/namespaces/{ns}/flows`): the server
 * holds far more than a tab buffers, so a filter asks it rather than filtering the tab's buffer. Off for `ALL`.
 */
export function useServerFlows(namespace: string, verdict: Verdict | 'ALL', text: string, limit: number) {
  return useQuery({
    queryKey: ['server-flows', namespace, verdict, text, limit],
    queryFn: () => {
      const params = new URLSearchParams({ verdict: String(verdict), limit: String(limit) });
      if (text) params.set('q', text);
      return getJson<{ flows: Flow[] }>(`/api/namespaces/${encodeURIComponent(namespace)}/flows?${params}`, 'the flows');
    },
    enabled: verdict !== 'ALL',
    refetchInterval: 15_000,
    placeholderData: keepPreviousData,
  });
}

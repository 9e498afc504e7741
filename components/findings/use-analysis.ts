'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { NamespaceAnalysis } from '@/lib/analysis/analyze-namespace';

/** The namespace's analysis from `GET /api/namespaces/{ns}/analysis`, refreshed every 10 s. */
export function useAnalysis(namespace: string, excluded: ReadonlySet<string>, evidence: boolean) {
  const exclude = [...excluded].sort().join(',');
  return useQuery({
    queryKey: ['analysis', namespace, exclude, evidence],
    queryFn: async (): Promise<NamespaceAnalysis> => {
      const params = new URLSearchParams({ evidence: evidence ? '1' : '0' });
      if (exclude) params.set('exclude', exclude);
      const res = await fetch(`/api/namespaces/${encodeURIComponent(namespace)}/analysis?${params}`);
      const body = await res.json();
      if (!res.ok) throw new Error(body?.error?.message ?? `the analysis failed (${res.status})`);
      return body;
    },
    refetchInterval: 10_000,
    placeholderData: keepPreviousData,
  });
}

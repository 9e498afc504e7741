'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { NamespaceAnalysis } from '@/lib/analysis/analyze-namespace';
import { getJson } from '../ui/fetch-json';

/** The namespace's analysis from `GET /api/namespaces/{ns}/analysis`, refreshed every 10 s. */
export function useAnalysis(namespace: string, excluded: ReadonlySet<string>, evidence: boolean) {
  const exclude = [...excluded].sort().join(',');
  return useQuery({
    queryKey: ['analysis', namespace, exclude, evidence],
    queryFn: () => {
      const params = new URLSearchParams({ evidence: evidence ? '1' : '0' });
      if (exclude) params.set('exclude', exclude);
      return getJson<NamespaceAnalysis>(`/api/namespaces/${encodeURIComponent(namespace)}/analysis?${params}`, 'the analysis');
    },
    refetchInterval: 10_000,
    placeholderData: keepPreviousData,
  });
}

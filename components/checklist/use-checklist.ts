'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RolloutOverview } from '@/lib/checklist/checklist-progress';
import type { NamespaceChecklist, StepNumber } from '@/lib/checklist/checklist';
import { getJson, postJson } from '../ui/fetch-json';

/** A namespace's checklist, refreshed every 15 s (timers and live evidence move). */
export function useChecklist(namespace: string) {
  return useQuery({
    queryKey: ['checklist', namespace],
    queryFn: () => getJson<NamespaceChecklist>(`/api/namespaces/${encodeURIComponent(namespace)}/checklist`, 'the checklist'),
    refetchInterval: 15_000,
  });
}

/** Every namespace's progress. */
export function useRolloutOverview() {
  return useQuery({ queryKey: ['rollout'], queryFn: () => getJson<RolloutOverview>('/api/checklist', 'the rollout overview'), refetchInterval: 15_000 });
}

/** Confirms (or withdraws) a step by hand; the answer is the updated checklist. */
export function useConfirmStep(namespace: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ step, confirmed, note }: { step: StepNumber; confirmed: boolean; note?: string }) =>
      postJson<NamespaceChecklist>(`/api/namespaces/${encodeURIComponent(namespace)}/checklist/steps/${step}/confirm`, { confirmed, ...(note && { note }) }),
    onSuccess: async (checklist) => {
      client.setQueryData(['checklist', namespace], checklist);
      // Cluster-wide steps changed every namespace's checklist.
      await Promise.all([client.invalidateQueries({ queryKey: ['checklist'] }), client.invalidateQueries({ queryKey: ['rollout'] }), client.invalidateQueries({ queryKey: ['audit-log'] })]);
    },
  });
}

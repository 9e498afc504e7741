'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AuditWindowFacts } from '@/lib/rollout/audit-window/window-facts';
import { postJson } from '../ui/fetch-json';

/** Open, close and confirm actions on a namespace's audit window (admin); each refreshes the checklists. */
export function useAuditWindowActions(namespace: string) {
  const client = useQueryClient();
  const base = `/api/namespaces/${encodeURIComponent(namespace)}/audit-window`;
  const refresh = () => Promise.all(['checklist', 'rollout', 'audit-log'].map((key) => client.invalidateQueries({ queryKey: [key] })));
  const options = { onSuccess: refresh };
  return {
    open: useMutation({ mutationFn: (hours: number) => postJson<AuditWindowFacts>(base, { hours }, 'opening the audit window'), ...options }),
    close: useMutation({ mutationFn: () => postJson<AuditWindowFacts>(`${base}/close`, {}, 'closing the audit window'), ...options }),
    confirm: useMutation({ mutationFn: (ran: 'open' | 'close') => postJson<AuditWindowFacts>(`${base}/confirm`, { ran }, 'recording the confirmation'), ...options }),
  };
}

'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiError, requestJson as request } from '../ui/fetch-json';

/** `GET /api/export/config`: what the browser may know (never the token). */
export interface ExportConfig {
  github: { configured: boolean; repository?: string; baseBranch?: string; reason?: string };
  role: 'viewer' | 'reviewer' | 'admin';
  pathTemplate: string;
}

/** `GET /api/namespaces/{ns}/export/github`. */
export interface NamespaceExportState {
  /** Accepted findings: what the export carries. */
  accepted: number;
  /** Findings not rejected: what the suggested patch carries. */
  proposed: number;
  findings: number;
  lastExport?: { url: string; number: number; branch: string; at: number; actor: string };
  /** "Exported in #N" per finding id. */
  exportedIn: Record<string, { number: number; url: string }>;
}

/** `POST /api/namespaces/{ns}/export/github`. */
export interface PullRequestResult {
  url: string;
  number: number;
  branch: string;
  updated: boolean;
  files: string[];
}

const base = (namespace: string) => `/api/namespaces/${encodeURIComponent(namespace)}`;

/** The export configuration (changes only with a restart). */
export function useExportConfig() {
  return useQuery({ queryKey: ['export-config'], queryFn: () => request<ExportConfig>('/api/export/config'), staleTime: 60_000 });
}

/** Accepted findings and the newest pull request of a namespace, refreshed every 10 s (reviews change it). */
export function useNamespaceExport(namespace: string) {
  return useQuery({ queryKey: ['namespace-export', namespace], queryFn: () => request<NamespaceExportState>(`${base(namespace)}/export/github`), refetchInterval: 10_000 });
}

/** Opens or updates the namespace's pull request. */
export function useOpenPullRequest(namespace: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => request<PullRequestResult>(`${base(namespace)}/export/github`, { method: 'POST' }),
    onSettled: () => client.invalidateQueries({ queryKey: ['namespace-export', namespace] }),
  });
}

/** Download URLs of the offline export. */
export function offlineUrls(namespace: string): { patch: string; yaml: string } {
  return { patch: `${base(namespace)}/export.patch`, yaml: `${base(namespace)}/export.yaml` };
}

/** What the offline export holds now (its YAML), fetched only while `enabled` (the preview is open). */
export function useExportPreview(namespace: string, enabled: boolean, accepted: number) {
  return useQuery({
    queryKey: ['export-preview', namespace, accepted],
    queryFn: async () => {
      const res = await fetch(offlineUrls(namespace).yaml);
      if (res.ok) return res.text();
      throw await apiError(res);
    },
    enabled,
  });
}

/** Opens or updates the pull request of the step-8 cluster-wide default-deny. */
export function useOpenDefaultDenyPullRequest() {
  return useMutation({ mutationFn: () => request<PullRequestResult>('/api/export/default-deny/github', { method: 'POST' }) });
}

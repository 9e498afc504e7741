'use client';

import { useQuery } from '@tanstack/react-query';

/** Who the browser is, from GET /api/me. */
export interface Me {
  user: string;
  role: 'viewer' | 'reviewer' | 'admin';
  via: 'local' | 'proxy';
}

export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async (): Promise<Me> => {
      const res = await fetch('/api/me');
      const body = await res.json();
      if (!res.ok) throw new Error(body?.error?.message ?? `who are you? (${res.status})`);
      return body;
    },
    staleTime: 60_000,
  });
}

/** POSTs JSON and throws the server's error message on failure. */
export async function postJson<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data?.error?.message ?? `the request failed (${res.status})`);
  return data as T;
}

'use client';

import { useQuery } from '@tanstack/react-query';
import { getJson } from './fetch-json';

/** Who the browser is, from GET /api/me. */
export interface Me {
  user: string;
  role: 'viewer' | 'reviewer' | 'admin';
  via: 'local' | 'proxy';
}

/** The caller's identity and role (GET /api/me), cached for a minute. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: () => getJson<Me>('/api/me', 'asking who you are'),
    staleTime: 60_000,
  });
}

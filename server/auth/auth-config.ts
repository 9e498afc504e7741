import 'server-only';
import fs from 'node:fs';
import { z } from 'zod';
import type { AuthConfig } from './auth';

/**
 * Authentication settings from the environment (merged into server/config.ts's schema):
 * `LOCKSTEP_AUTH_MODE` (`local` | `proxy`; default `local`), `LOCKSTEP_AUTH_USER_HEADER` (default
 * `X-Forwarded-User`), `LOCKSTEP_AUTH_EMAIL_HEADER` (`X-Forwarded-Email`), `LOCKSTEP_AUTH_GROUPS_HEADER`
 * (`X-Forwarded-Groups`), `LOCKSTEP_AUTH_TRUSTED_PROXIES` (comma-separated IPs), `LOCKSTEP_AUTH_PROXY_SECRET` or
 * `LOCKSTEP_AUTH_PROXY_SECRET_FILE` with `LOCKSTEP_AUTH_SECRET_HEADER` (`X-Lockstep-Proxy-Secret`),
 * `LOCKSTEP_AUTH_REVIEWER_GROUPS`, `LOCKSTEP_AUTH_ADMIN_GROUPS` (comma-separated), `LOCKSTEP_PUBLIC_URL` (the URL
 * browsers use; the only origin allowed to send mutations when set).
 */
export const AUTH_ENV = {
  LOCKSTEP_AUTH_MODE: z.enum(['local', 'proxy']).optional(),
  LOCKSTEP_AUTH_USER_HEADER: z.string().optional(),
  LOCKSTEP_AUTH_EMAIL_HEADER: z.string().optional(),
  LOCKSTEP_AUTH_GROUPS_HEADER: z.string().optional(),
  LOCKSTEP_AUTH_TRUSTED_PROXIES: z.string().optional(),
  LOCKSTEP_AUTH_SECRET_HEADER: z.string().optional(),
  LOCKSTEP_AUTH_PROXY_SECRET: z.string().optional(),
  LOCKSTEP_AUTH_PROXY_SECRET_FILE: z.string().optional(),
  LOCKSTEP_AUTH_REVIEWER_GROUPS: z.string().optional(),
  LOCKSTEP_AUTH_ADMIN_GROUPS: z.string().optional(),
  LOCKSTEP_PUBLIC_URL: z.string().optional(),
};

type AuthEnv = { [K in keyof typeof AUTH_ENV]?: string };

const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** Builds the auth settings; problems are appended (never echoing a secret). */
export function parseAuthConfig(env: AuthEnv, problems: string[]): AuthConfig {
  const mode = (env.LOCKSTEP_AUTH_MODE as AuthConfig['mode'] | undefined) ?? 'local';
  let secret = env.LOCKSTEP_AUTH_PROXY_SECRET || undefined;
  if (env.LOCKSTEP_AUTH_PROXY_SECRET_FILE) {
    try {
      // Mounted Secrets often end with a newline that is not part of the value.
      secret = fs.readFileSync(env.LOCKSTEP_AUTH_PROXY_SECRET_FILE, 'utf8').trim() || undefined;
    } catch {
      problems.push(`LOCKSTEP_AUTH_PROXY_SECRET_FILE: cannot read ${env.LOCKSTEP_AUTH_PROXY_SECRET_FILE}`);
    }
  }
  const trustedProxies = list(env.LOCKSTEP_AUTH_TRUSTED_PROXIES);
  if (mode === 'proxy' && !secret && trustedProxies.length === 0) {
    problems.push('LOCKSTEP_AUTH_MODE=proxy needs LOCKSTEP_AUTH_PROXY_SECRET(_FILE) or LOCKSTEP_AUTH_TRUSTED_PROXIES: identity headers are trusted only from the proxy');
  }
  if (secret !== undefined && secret.length < 16) problems.push('LOCKSTEP_AUTH_PROXY_SECRET: use at least 16 characters');
  let publicOrigin: string | undefined;
  if (env.LOCKSTEP_PUBLIC_URL?.trim()) {
    try {
      const url = new URL(env.LOCKSTEP_PUBLIC_URL.trim());
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
      publicOrigin = url.origin;
    } catch {
      problems.push(`LOCKSTEP_PUBLIC_URL: expected the URL browsers use, e.g. https://lockstep.example.com, got "${env.LOCKSTEP_PUBLIC_URL.slice(0, 100)}"`);
    }
  }
  const header = (v: string | undefined, fallback: string) => (v?.trim() || fallback).toLowerCase();
  return {
    mode,
    userHeader: header(env.LOCKSTEP_AUTH_USER_HEADER, 'x-forwarded-user'),
    emailHeader: header(env.LOCKSTEP_AUTH_EMAIL_HEADER, 'x-forwarded-email'),
    groupsHeader: header(env.LOCKSTEP_AUTH_GROUPS_HEADER, 'x-forwarded-groups'),
    trustedProxies,
    secretHeader: header(env.LOCKSTEP_AUTH_SECRET_HEADER, 'x-lockstep-proxy-secret'),
    secret,
    groups: { reviewer: list(env.LOCKSTEP_AUTH_REVIEWER_GROUPS), admin: list(env.LOCKSTEP_AUTH_ADMIN_GROUPS) },
    publicOrigin,
  };
}

import 'server-only';
import path from 'node:path';
import { z } from 'zod';
import { GITHUB_ENV, parseGithubConfig, type GithubConfig } from './github/github-config';
import { AUTH_ENV, parseAuthConfig } from './auth/auth-config';
import type { AuthConfig } from './auth/auth';
import { CHECKLIST_ENV, parseChecklistConfig, type ChecklistConfig } from './checklist/checklist-config';
import type { AllowLocalhost } from '@/lib/policy/cluster-facts';
import { AUDIT_WINDOW_ENV, parseAuditWindowConfig, type AuditWindowConfig } from './k8s/audit-window/audit-window-config';

/**
 * Lockstep's configuration: the only module that reads `process.env`. Parsed once; a bad value fails start-up
 * with every problem listed. Secrets (TLS keys, tokens, database URLs) stay in this object on the server and are
 * never logged: `describeConfig()` prints a redacted summary.
 */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const list = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []));

const positiveInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) {
        ctx.addIssue({ code: 'custom', message: `expected a non-negative integer, got "${v}"` });
        return fallback;
      }
      return n;
    });

const EnvSchema = z.object({
  HUBBLE_RELAY_ADDR: z.string().optional(),
  HUBBLE_TLS: bool,
  HUBBLE_TLS_CA_CERT_FILES: list,
  HUBBLE_TLS_CLIENT_CERT_FILE: z.string().optional(),
  HUBBLE_TLS_CLIENT_KEY_FILE: z.string().optional(),
  HUBBLE_TLS_SERVER_NAME: z.string().optional(),
  HUBBLE_TLS_ALLOW_INSECURE: bool,
  HUBBLE_DIAL_TIMEOUT_MS: positiveInt(5_000),
  HUBBLE_BACKLOG_FLOWS: positiveInt(2_000),
  LOCKSTEP_DEMO_RATE: positiveInt(40),
  LOCKSTEP_DEMO_SEED: positiveInt(1),
  LOCKSTEP_DEMO_REPLAY: list,
  LOCKSTEP_DEMO_PORT: positiveInt(0),
  LOCKSTEP_FLOWS_PER_NAMESPACE: positiveInt(2_000),
  LOCKSTEP_SSE_QUEUE: positiveInt(250),
  LOCKSTEP_SSE_MAX_STREAMS: positiveInt(200),
  LOCKSTEP_SSE_MAX_PER_CLIENT: positiveInt(20),
  LOCKSTEP_METRICS_PUBLIC: bool,
  LOCKSTEP_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).optional().default('info'),
  LOCKSTEP_INGEST_THREAD: z.enum(['worker', 'main']).optional(),
  /** `nodejs` in Next.js's server bundle (replaced at build time there, see getConfig). */
  NEXT_RUNTIME: z.string().optional(),
  LOCKSTEP_DATA_DIR: z.string().optional(),
  LOCKSTEP_ALLOW_LOCALHOST: z.enum(['auto', 'always', 'policy', '']).optional(),
  LOCKSTEP_CLUSTER_NAME: z.string().optional(),
  // NOTE: a secret (it may carry a password). Checked without ever echoing the value.
  DATABASE_URL: z
    .string()
    .optional()
    .refine((v) => !v || isPostgresUrl(v), { message: 'expected postgres://user:password@host:port/database (value not shown)' }),
  ...GITHUB_ENV,
  ...AUTH_ENV,
  ...CHECKLIST_ENV,
  ...AUDIT_WINDOW_ENV,
});

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** TLS settings towards Hubble Relay, mirroring the hubble CLI's `--tls*` flags. */
export interface RelayTlsConfig {
  enabled: boolean;
  caCertFiles: string[];
  clientCertFile: string | undefined;
  clientKeyFile: string | undefined;
  /** `--tls-server-name`; the relay's certificate name is `ui.hubble-relay.cilium.io`. */
  serverName: string | undefined;
  allowInsecure: boolean;
}

/** The typed configuration handed to the composition root. */
export interface LockstepConfig {
  relay: {
    /** `host:port` of Hubble Relay, or undefined to start the embedded demo relay. */
    address: string | undefined;
    tls: RelayTlsConfig;
    dialTimeoutMs: number;
    /** Flows requested as backlog (`number`) on the first connection. Default: 2000. */
    backlogFlows: number;
  };
  demo: { rate: number; seed: number; replayFiles: string[]; port: number };
  live: {
    flowsPerNamespace: number;
    sseQueue: number;
    /** Concurrent SSE streams: in total and per client (user, or address in local mode). Default: 200 and 20. */
    sseMaxStreams: number;
    sseMaxPerClient: number;
  };
  /** `LOCKSTEP_METRICS_PUBLIC`: /metrics answers without an identity in proxy mode (an in-cluster scraper). Default: false. */
  metricsPublic: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /**
   * Where the persistent ingest runs (`LOCKSTEP_INGEST_THREAD`): `worker`, its own thread (default under the
   * Next.js server), or `main` (default elsewhere: tests, scripts). `bundled`: the code runs from Next.js's bundle.
   */
  ingest: { thread: 'worker' | 'main'; bundled: boolean };
  db: DbConfig;
  /** Pull request export (server/github); the token is a secret. */
  github: GithubConfig;
  /** Who may do what (server/auth); the proxy secret is a secret. */
  auth: AuthConfig;
  /** The rollout checklist: timers and Kubernetes access (server/checklist, server/k8s). */
  checklist: ChecklistConfig;
  /**
   * Cluster facts for replay and lints when cilium-config cannot be read (`LOCKSTEP_ALLOW_LOCALHOST`,
   * `LOCKSTEP_CLUSTER_NAME`); undefined fields fall back to Cilium's defaults (`always`, `default`).
   */
  cluster: { allowLocalhost: AllowLocalhost | undefined; clusterName: string | undefined };
  /** Per-namespace audit windows (server/k8s/audit-window); off unless `LOCKSTEP_AUDIT_WINDOW=enabled` (on the demo relay: on unless `disabled`). */
  auditWindow: AuditWindowConfig;
}

/** Where findings, reviews and the ingest cursor are persisted. */
export interface DbConfig {
  /** `LOCKSTEP_DATA_DIR`. Default: `./data`. */
  dataDir: string;
  /** The SQLite file used when {@link url} is unset: `${dataDir}/lockstep.db`. */
  sqliteFile: string;
  /** `DATABASE_URL` (`postgres://…`): PostgreSQL instead of SQLite. A secret: log it only through `redactDatabaseUrl`. */
  url: string | undefined;
}

/** Parses an environment into a config, or returns every problem. */
export function parseConfig(env: Record<string, string | undefined>): { ok: true; config: LockstepConfig } | { ok: false; problems: string[] } {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  }
  const e = parsed.data;
  const problems: string[] = [];
  let address = e.HUBBLE_RELAY_ADDR?.trim() || undefined;
  let tlsEnabled = e.HUBBLE_TLS;
  if (address?.startsWith('tls://')) {
    tlsEnabled = true;
    address = address.slice('tls://'.length);
  }
  if (address && !/^[^\s/]+:\d{1,5}$/.test(address)) problems.push(`HUBBLE_RELAY_ADDR: expected host:port, got "${address}"`);
  if (Boolean(e.HUBBLE_TLS_CLIENT_CERT_FILE) !== Boolean(e.HUBBLE_TLS_CLIENT_KEY_FILE)) {
    problems.push('HUBBLE_TLS_CLIENT_CERT_FILE and HUBBLE_TLS_CLIENT_KEY_FILE must be set together (mTLS)');
  }
  const anyTlsFile = e.HUBBLE_TLS_CA_CERT_FILES.length > 0 || e.HUBBLE_TLS_CLIENT_CERT_FILE || e.HUBBLE_TLS_SERVER_NAME;
  if (anyTlsFile) tlsEnabled = true;
  const github = parseGithubConfig(e, problems);
  const auth = parseAuthConfig(e, problems);
  const checklist = parseChecklistConfig(e, problems, { demo: !address });
  const auditWindow = parseAuditWindowConfig(e, problems, { demo: !address });
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    config: {
      relay: {
        address,
        tls: {
          enabled: tlsEnabled,
          caCertFiles: e.HUBBLE_TLS_CA_CERT_FILES,
          clientCertFile: e.HUBBLE_TLS_CLIENT_CERT_FILE,
          clientKeyFile: e.HUBBLE_TLS_CLIENT_KEY_FILE,
          serverName: e.HUBBLE_TLS_SERVER_NAME,
          allowInsecure: e.HUBBLE_TLS_ALLOW_INSECURE,
        },
        dialTimeoutMs: e.HUBBLE_DIAL_TIMEOUT_MS,
        backlogFlows: e.HUBBLE_BACKLOG_FLOWS,
      },
      demo: { rate: e.LOCKSTEP_DEMO_RATE, seed: e.LOCKSTEP_DEMO_SEED, replayFiles: e.LOCKSTEP_DEMO_REPLAY, port: e.LOCKSTEP_DEMO_PORT },
      live: { flowsPerNamespace: e.LOCKSTEP_FLOWS_PER_NAMESPACE, sseQueue: e.LOCKSTEP_SSE_QUEUE, sseMaxStreams: e.LOCKSTEP_SSE_MAX_STREAMS, sseMaxPerClient: e.LOCKSTEP_SSE_MAX_PER_CLIENT },
      metricsPublic: e.LOCKSTEP_METRICS_PUBLIC,
      logLevel: e.LOCKSTEP_LOG_LEVEL,
      ingest: { thread: e.LOCKSTEP_INGEST_THREAD ?? (e.NEXT_RUNTIME === 'nodejs' ? 'worker' : 'main'), bundled: e.NEXT_RUNTIME === 'nodejs' },
      db: dbConfig(e.LOCKSTEP_DATA_DIR, e.DATABASE_URL),
      github,
      auth,
      checklist,
      cluster: { allowLocalhost: e.LOCKSTEP_ALLOW_LOCALHOST || undefined, clusterName: e.LOCKSTEP_CLUSTER_NAME?.trim() || undefined },
      auditWindow,
    },
  };
}

function dbConfig(dataDir: string | undefined, url: string | undefined): DbConfig {
  const dir = dataDir?.trim() || './data';
  return { dataDir: dir, sqliteFile: path.join(dir, 'lockstep.db'), url: url?.trim() || undefined };
}

let loaded: LockstepConfig | undefined;

/** The process configuration, read from `process.env` once. Throws (listing every problem) when invalid. */
export function getConfig(): LockstepConfig {
  if (loaded) return loaded;
  // NEXT_RUNTIME spelled out: Next.js replaces `process.env.NEXT_RUNTIME` in its bundle at build time.
  const result = parseConfig({ ...process.env, NEXT_RUNTIME: process.env.NEXT_RUNTIME });
  if (!result.ok) throw new Error(`Invalid configuration:\n  - ${result.problems.join('\n  - ')}`);
  loaded = result.config;
  return loaded;
}

/**
 * The CLI's view of `LOCKSTEP_ALLOW_LOCALHOST` and `LOCKSTEP_CLUSTER_NAME` only (the CLI needs no relay or
 * database settings, so an unrelated bad variable must not stop it). An invalid value is a problem, not a default.
 */
export function clusterEnv(env: Record<string, string | undefined> = process.env): { allowLocalhost?: string; clusterName?: string } {
  return { allowLocalhost: env.LOCKSTEP_ALLOW_LOCALHOST?.trim() || undefined, clusterName: env.LOCKSTEP_CLUSTER_NAME?.trim() || undefined };
}

/** A log-safe one-line summary: file paths and names only, never key material. */
export function describeConfig(config: LockstepConfig): string {
  const relay = config.relay.address ? `${config.relay.tls.enabled ? 'tls://' : ''}${config.relay.address}` : 'embedded demo relay';
  const mtls = config.relay.tls.clientCertFile ? ' (mTLS)' : '';
  return `relay=${relay}${mtls} serverName=${config.relay.tls.serverName ?? '-'}`;
}

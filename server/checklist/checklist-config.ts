import 'server-only';
import { z } from 'zod';
import type { KubernetesConfig } from '../k8s/kube-config';
import { isValidNamespace } from '@/lib/findings/label-validation';

/**
 * The checklist section of the configuration (merged into server/config.ts's schema, the only reader of
 * `process.env`): `LOCKSTEP_QUIET_PERIOD_HOURS` (step 6, default 24; 2 minutes on the demo relay),
 * `LOCKSTEP_OBSERVATION_HOURS` (step 5, default 24; 1 minute on the demo relay, whose time runs in minutes), `LOCKSTEP_KUBERNETES` (`auto` | `off`, default auto), `LOCKSTEP_KUBERNETES_TIMEOUT_MS` (5000),
 * `LOCKSTEP_KUBERNETES_CACHE_MS` (30000), `LOCKSTEP_CILIUM_NAMESPACE` (kube-system), and the standard `KUBECONFIG`
 * and `KUBERNETES_SERVICE_HOST`.
 */
export const CHECKLIST_ENV = {
  LOCKSTEP_QUIET_PERIOD_HOURS: z.string().optional(),
  LOCKSTEP_OBSERVATION_HOURS: z.string().optional(),
  LOCKSTEP_KUBERNETES: z.enum(['auto', 'off']).optional(),
  LOCKSTEP_KUBERNETES_TIMEOUT_MS: z.string().optional(),
  LOCKSTEP_KUBERNETES_CACHE_MS: z.string().optional(),
  LOCKSTEP_CILIUM_NAMESPACE: z.string().optional(),
  KUBECONFIG: z.string().optional(),
  KUBERNETES_SERVICE_HOST: z.string().optional(),
};

type ChecklistEnv = { [K in keyof typeof CHECKLIST_ENV]?: string };

/** Checklist settings. */
export interface ChecklistConfig {
  /** Step 6: no new AUDIT for this long. Default: 24 h (demo relay: 2 min). */
  quietPeriodMs: number;
  /** Step 5: observe at least this long. Default: 24 h (demo relay: 1 min). */
  minObservationMs: number;
  kubernetes: KubernetesConfig;
}

const HOUR = 3_600_000;

/** Timer defaults in hours: a cluster's day, and the demo relay's minutes (its traffic is minutes old). */
const TIMER_DEFAULTS = { cluster: { quiet: 24, observation: 24 }, demo: { quiet: 2 / 60, observation: 1 / 60 } } as const;

function positive(name: string, value: string | undefined, fallback: number, problems: string[], options: { integer?: boolean } = {}): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (options.integer && !Number.isInteger(n))) {
    problems.push(`${name}: expected a positive ${options.integer ? 'integer' : 'number'}, got "${value.slice(0, 40)}"`);
    return fallback;
  }
  return n;
}

/** Parses the checklist section; problems go to `problems`. `demo`: no relay address, the embedded demo relay runs. */
export function parseChecklistConfig(env: ChecklistEnv, problems: string[], options: { demo?: boolean } = {}): ChecklistConfig {
  const timers = TIMER_DEFAULTS[options.demo ? 'demo' : 'cluster'];
  const ciliumNamespace = env.LOCKSTEP_CILIUM_NAMESPACE?.trim() || 'kube-system';
  if (!isValidNamespace(ciliumNamespace)) problems.push(`LOCKSTEP_CILIUM_NAMESPACE: "${ciliumNamespace.slice(0, 80)}" is not a namespace name`);
  return {
    quietPeriodMs: Math.round(positive('LOCKSTEP_QUIET_PERIOD_HOURS', env.LOCKSTEP_QUIET_PERIOD_HOURS, timers.quiet, problems) * HOUR),
    minObservationMs: Math.round(positive('LOCKSTEP_OBSERVATION_HOURS', env.LOCKSTEP_OBSERVATION_HOURS, timers.observation, problems) * HOUR),
    kubernetes: {
      mode: (env.LOCKSTEP_KUBERNETES as 'auto' | 'off' | undefined) ?? 'auto',
      kubeconfig: env.KUBECONFIG?.trim() || undefined,
      inCluster: Boolean(env.KUBERNETES_SERVICE_HOST?.trim()),
      timeoutMs: positive('LOCKSTEP_KUBERNETES_TIMEOUT_MS', env.LOCKSTEP_KUBERNETES_TIMEOUT_MS, 5_000, problems, { integer: true }),
      cacheMs: positive('LOCKSTEP_KUBERNETES_CACHE_MS', env.LOCKSTEP_KUBERNETES_CACHE_MS, 30_000, problems, { integer: true }),
      ciliumNamespace,
    },
  };
}

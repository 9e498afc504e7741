import 'server-only';
import { z } from 'zod';

/**
 * The audit window section of the configuration (merged into server/config.ts's schema, the only reader of
 * `process.env`): `LOCKSTEP_AUDIT_WINDOW` (`enabled` | `disabled`, default disabled: the feature is off unless
 * asked for; on the demo relay the default is enabled, since its cluster is the demo's own), `LOCKSTEP_AUDIT_WINDOW_HOURS` (default duration of a window, 48), `LOCKSTEP_AUDIT_WINDOW_MAX_HOURS`
 * (longest window, 336 = two weeks), `LOCKSTEP_AUDIT_WINDOW_RECONCILE_SECONDS` (30).
 */
export const AUDIT_WINDOW_ENV = {
  LOCKSTEP_AUDIT_WINDOW: z.enum(['enabled', 'disabled', '']).optional(),
  LOCKSTEP_AUDIT_WINDOW_HOURS: z.string().optional(),
  LOCKSTEP_AUDIT_WINDOW_MAX_HOURS: z.string().optional(),
  LOCKSTEP_AUDIT_WINDOW_RECONCILE_SECONDS: z.string().optional(),
};

type AuditWindowEnv = { [K in keyof typeof AUDIT_WINDOW_ENV]?: string };

/** Audit window settings. */
export interface AuditWindowConfig {
  /** Off unless `LOCKSTEP_AUDIT_WINDOW=enabled` (on the demo relay: on unless `disabled`). */
  enabled: boolean;
  /** Default: 48 h. */
  defaultDurationMs: number;
  /** Default: 336 h. */
  maxDurationMs: number;
  /** How often open windows are reconciled (besides CiliumEndpoint watch events). Default: 30 s. */
  reconcileMs: number;
}

const HOUR = 3_600_000;

function positive(name: string, value: string | undefined, fallback: number, problems: string[]): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    problems.push(`${name}: expected a positive number, got "${value.slice(0, 40)}"`);
    return fallback;
  }
  return n;
}

/** Parses the audit window section; problems go to `problems`. `demo`: no relay address, the embedded demo relay runs. */
export function parseAuditWindowConfig(env: AuditWindowEnv, problems: string[], options: { demo?: boolean } = {}): AuditWindowConfig {
  const defaultHours = positive('LOCKSTEP_AUDIT_WINDOW_HOURS', env.LOCKSTEP_AUDIT_WINDOW_HOURS, 48, problems);
  const maxHours = positive('LOCKSTEP_AUDIT_WINDOW_MAX_HOURS', env.LOCKSTEP_AUDIT_WINDOW_MAX_HOURS, 336, problems);
  if (defaultHours > maxHours) problems.push(`LOCKSTEP_AUDIT_WINDOW_HOURS (${defaultHours}) is longer than LOCKSTEP_AUDIT_WINDOW_MAX_HOURS (${maxHours})`);
  return {
    enabled: env.LOCKSTEP_AUDIT_WINDOW === 'enabled' || (options.demo === true && env.LOCKSTEP_AUDIT_WINDOW !== 'disabled'),
    defaultDurationMs: defaultHours * HOUR,
    maxDurationMs: maxHours * HOUR,
    reconcileMs: positive('LOCKSTEP_AUDIT_WINDOW_RECONCILE_SECONDS', env.LOCKSTEP_AUDIT_WINDOW_RECONCILE_SECONDS, 30, problems) * 1000,
  };
}

import type { LintRule } from '../lint-rule';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `audit.window-too-long`: audit mode on for more than `maxAuditDays` (Default: 7) days, from `auditSince` to
 * `now`. Audit mode is agent-wide (§25), so a long window also suspends enforcement that existed before.
 */
export const auditWindowTooLong: LintRule = {
  id: 'audit.window-too-long',
  check({ context }) {
    const { auditSince, now } = context;
    const auditMode = context.auditMode ?? auditSince !== undefined;
    if (!auditMode || auditSince === undefined || now === undefined) return [];
    const maxDays = context.maxAuditDays ?? 7;
    const days = (now - auditSince) / DAY_MS;
    if (days <= maxDays) return [];
    return [{ id: 'audit.window-too-long', path: '', params: { days: Math.floor(days), maxDays } }];
  },
};

import 'server-only';
import type { AuditWindowService } from '../k8s/audit-window/audit-window-service';
import type { ScenarioNamespace } from './scenario-types';

/** Who opened and closed the demo's own windows (the audit log and the window panel name it). */
export const DEMO_WINDOW_ACTOR = 'demo';

/** Options of {@link stageDemoWindows}. */
export interface StageDemoWindowsOptions {
  /**
   * Tries in all, for transient failures at start-up (the demo's Kubernetes API or the store not answering yet;
   * SQLite's "database is locked" mid-transaction is prevented at its root by IMMEDIATE transactions in
   * server/db/sqlite.ts). Default: 5.
   */
  attempts?: number;
  /** Pause between tries. Default: 2000 ms. */
  retryMs?: number;
}

/**
 * Puts the demo's namespaces where its scenario says they stand (`ScenarioNamespace.auditWindow`), through the same
 * audit window service users call: `open` opens a window (PolicyAuditMode on every endpoint, by exec in the demo
 * cluster), `closed` opens one and closes it again (observed, then enforced). A namespace that already had a window
 * (a persisted store after a restart) is left as users left it, except a `closed` one still open by the demo (an
 * interrupted start). Failures are retried (every step is idempotent). Returns the namespaces it changed.
 */
export async function stageDemoWindows(
  windows: Pick<AuditWindowService, 'facts' | 'open' | 'close'>,
  namespaces: readonly ScenarioNamespace[],
  options: StageDemoWindowsOptions = {},
): Promise<string[]> {
  const attempts = options.attempts ?? 5;
  const staged = new Set<string>();
  for (let attempt = 1; ; attempt++) {
    try {
      for (const ns of namespaces) if (await stageOne(windows, ns)) staged.add(ns.name);
      return [...staged];
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, options.retryMs ?? 2_000));
    }
  }
}

async function stageOne(windows: Pick<AuditWindowService, 'facts' | 'open' | 'close'>, ns: ScenarioNamespace): Promise<boolean> {
  if (!ns.auditWindow) return false;
  let window = (await windows.facts(ns.name)).current?.window;
  const opened = !window;
  window ??= await windows.open(ns.name, DEMO_WINDOW_ACTOR);
  if (ns.auditWindow === 'closed' && window.closedAt === undefined && window.openedBy === DEMO_WINDOW_ACTOR) {
    await windows.close(ns.name, DEMO_WINDOW_ACTOR);
    return true;
  }
  return opened;
}

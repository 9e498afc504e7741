import 'server-only';
import type { AuditWindowService } from '../k8s/audit-window/audit-window-service';
import type { ScenarioNamespace } from './scenario-types';

/** Who opened and closed the demo's own windows (the audit log and the window panel name it). */
export const DEMO_WINDOW_ACTOR = 'demo';

/**
 * Puts the demo's namespaces where its scenario says they stand (`ScenarioNamespace.auditWindow`), through the same
 * audit window service users call: `open` opens a window (PolicyAuditMode on every endpoint, by exec in the demo
 * cluster), `closed` opens one and closes it again (observed, then enforced). A namespace that already had a window
 * (a persisted store after a restart) is left as users left it. Returns the namespaces it changed.
 */
export async function stageDemoWindows(windows: Pick<AuditWindowService, 'facts' | 'open' | 'close'>, namespaces: readonly ScenarioNamespace[]): Promise<string[]> {
  const staged: string[] = [];
  for (const ns of namespaces) {
    if (!ns.auditWindow || (await windows.facts(ns.name)).current) continue;
    await windows.open(ns.name, DEMO_WINDOW_ACTOR);
    if (ns.auditWindow === 'closed') await windows.close(ns.name, DEMO_WINDOW_ACTOR);
    staged.push(ns.name);
  }
  return staged;
}

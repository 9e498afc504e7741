import 'server-only';
import type { Flow } from '@/lib/flow/flow';
import { windowScript } from '@/lib/rollout/audit-window/endpoint-config-command';
import type { AuditWindow, WindowCloseReason, WindowEndpoint } from '@/lib/rollout/audit-window/audit-window';
import { closeDue, planReconcile, type EndpointTarget } from '@/lib/rollout/audit-window/plan-reconcile';
import { verifyWindow } from '@/lib/rollout/audit-window/verify-window';
import type { AuditWindowFacts } from '@/lib/rollout/audit-window/window-facts';
import type { AuditWindowRepo } from '../../db/audit-window-repo';
import { AppError, parseNamespace } from '../../errors';
import type { MetricsRegistry } from '../../metrics';
import { applyAuditMode } from './apply-audit-mode';
import type { AuditWindowConfig } from './audit-window-config';
import type { WindowCluster } from './window-cluster';

/**
 * Per-namespace audit windows (issue #15): opens a window (PolicyAuditMode on every endpoint of the namespace, via
 * the exec API, or a printed script where Lockstep may not exec), keeps it up while open (a CiliumEndpoint watch and
 * a periodic reconcile enable new pods and drop vanished ones), and closes it by hand, at expiry or when step 7 is
 * marked. Windows are persisted: on start every open one is reconciled (enabled again, or closed if due).
 * Mutations run one at a time, in order.
 */

/** What the service reads and writes. */
export interface AuditWindowServiceDeps {
  repo: AuditWindowRepo;
  /** The cluster, or undefined when the Kubernetes API is not configured (`unavailableReason` says why). */
  cluster: WindowCluster | undefined;
  unavailableReason?: string;
  config: AuditWindowConfig;
  /** Recent AUDIT and DROPPED flows of the namespace (the live hub): the verification. */
  recentFlows(namespace: string): Flow[];
  /** When step 7 was marked "enforce" for the cluster, if it is. */
  enforceConfirmedAt(): Promise<number | undefined>;
  metrics?: MetricsRegistry;
  /** Default: Date.now. */
  clock?: () => number;
}

const SYSTEM_ACTOR = 'lockstep';
const MODE_CACHE_MS = 60_000;
const MIN_DURATION_MS = 60_000;
const RBAC_HINT = 'deploy/components/audit-window grants it';

export class AuditWindowService {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly watches = new Map<string, () => void>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private modeCache: { at: number; value: Promise<{ mode: 'exec' | 'manual'; reason?: string }> } | undefined;
  private readonly clock: () => number;

  constructor(private readonly deps: AuditWindowServiceDeps) {
    this.clock = deps.clock ?? Date.now;
    deps.metrics?.declare('lockstep_audit_window_exec_total', 'counter', 'cilium-dbg endpoint config runs of audit windows, by result (ok, failed, forbidden).');
  }

  /** Reconciles every open window (re-applying audit mode: agents may have restarted too), then keeps them up. */
  async start(): Promise<void> {
    await this.reconcileAll({ reapply: true });
    this.timer = setInterval(() => void this.background(), this.deps.config.reconcileMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    for (const stop of this.watches.values()) stop();
    this.watches.clear();
  }

  /** How a new window is applied: `exec`, or `manual` with the reason. Cached for a minute. */
  mode(): Promise<{ mode: 'exec' | 'manual'; reason?: string }> {
    const now = this.clock();
    if (this.modeCache && now - this.modeCache.at < MODE_CACHE_MS) return this.modeCache.value;
    const value = this.probeMode();
    this.modeCache = { at: now, value };
    return value;
  }

  private async probeMode(): Promise<{ mode: 'exec' | 'manual'; reason?: string }> {
    const cluster = this.deps.cluster;
    if (!cluster) return { mode: 'manual', reason: `Kubernetes API not configured: ${this.deps.unavailableReason ?? 'no client configuration'}` };
    const access = await cluster.canExec();
    if (access.ok && !access.allowed) return { mode: 'manual', reason: `the service account may not create pods/exec in ${cluster.ciliumNamespace} (${RBAC_HINT})` };
    if (!access.ok && access.forbidden) return { mode: 'manual', reason: `${access.reason} (${RBAC_HINT})` };
    return { mode: 'exec' };
  }

  /** Opens a window for `namespace` (admin). `conflict:audit-window` when one is open there already. */
  async open(namespace: string, actor: string, durationMs = this.deps.config.defaultDurationMs): Promise<AuditWindow> {
    const ns = parseNamespace(namespace);
    if (!Number.isFinite(durationMs) || durationMs < MIN_DURATION_MS || durationMs > this.deps.config.maxDurationMs) {
      throw new AppError('bad_request:audit-window', `a window lasts from 1 minute to ${this.deps.config.maxDurationMs / 3_600_000} h`);
    }
    return this.serial(async () => {
      const { mode, reason } = await this.mode();
      const cluster = this.deps.cluster;
      const located = cluster ? await cluster.locate(ns) : undefined;
      const at = this.clock();
      const closesAt = at + durationMs;
      if (mode === 'exec' && cluster && located?.ok) {
        const plan = planReconcile([], located.targets);
        const pending: WindowEndpoint[] = plan.enable.map((t) => ({ ...t, state: 'pending' }));
        const window = await this.deps.repo.open({ namespace: ns, mode: 'exec', actor, at, closesAt, endpoints: sortByPod([...pending, ...plan.unreachable]) });
        const applied = await this.apply(plan.enable, true);
        const saved = await this.deps.repo.recordReconcile(window.id, sortByPod([...applied, ...plan.unreachable]), { at: this.clock(), ok: true, enabled: applied.filter((e) => e.state === 'enabled').length, dropped: 0 });
        this.watch(ns);
        return saved ?? window;
      }
      // Manual: the exact commands when the endpoints could be listed, else a script that finds them.
      const endpoints = located?.ok ? sortByPod(located.targets.map((t): WindowEndpoint => ({ ...t, state: 'pending' }))) : [];
      const why = mode === 'manual' ? reason! : `cannot list the endpoints of ${ns}: ${located && !located.ok ? located.reason : 'unknown'}`;
      const listed = located?.ok ? endpoints : undefined;
      const ciliumNamespace = cluster?.ciliumNamespace;
      return this.deps.repo.open({
        namespace: ns, mode: 'manual', actor, at, closesAt, endpoints,
        manual: { reason: why, enableScript: windowScript({ namespace: ns, ciliumNamespace, enabled: true, endpoints: listed }), disableScript: windowScript({ namespace: ns, ciliumNamespace, enabled: false, endpoints: listed }) },
      });
    });
  }

  /** Closes the namespace's open window: PolicyAuditMode disabled on each of its endpoints. */
  async close(namespace: string, actor: string): Promise<AuditWindow> {
    const ns = parseNamespace(namespace);
    return this.serial(async () => this.closeWindow(await this.openWindow(ns), actor, 'closed'));
  }

  /** A person ran the script of a manual window (`open`), or its revert (`close`). */
  async confirmManual(namespace: string, actor: string, which: 'open' | 'close'): Promise<AuditWindow> {
    const ns = parseNamespace(namespace);
    return this.serial(async () => {
      const [latest] = await this.deps.repo.latest(ns);
      if (!latest) throw new AppError('not_found:audit-window', `${ns} has no audit window`);
      return this.deps.repo.confirmManual(latest.id, { actor, at: this.clock(), which });
    });
  }

  /** Reconciles every open window now (after step 7 is marked, say). */
  reconcileAll(options: { reapply?: boolean } = {}): Promise<void> {
    return this.serial(async () => {
      const enforceAt = await this.deps.enforceConfirmedAt();
      for (const window of await this.deps.repo.listOpen()) await this.reconcile(window, enforceAt, options.reapply ?? false);
    });
  }

  /** A reconcile from the timer or a watch event: never after `stop()`, failures logged. */
  private async background(): Promise<void> {
    if (this.stopped) return;
    await this.reconcileAll().catch((e: unknown) => {
      if (!this.stopped) console.warn('[lockstep] audit window reconcile failed:', e instanceof Error ? e.message : e);
    });
  }

  /** The checklist's view of a namespace's window; undefined never (the feature is on when the service exists). */
  async facts(namespace: string): Promise<AuditWindowFacts> {
    const [{ mode, reason }, [latest]] = await Promise.all([this.mode(), this.deps.repo.latest(namespace)]);
    return { mode, ...(reason && { manualReason: reason }), defaultDurationMs: this.deps.config.defaultDurationMs, ...(latest && { current: this.view(latest) }) };
  }

  /** Every namespace's newest window, for the rollout overview. */
  async allFacts(): Promise<{ base: Omit<AuditWindowFacts, 'current'>; byNamespace: Map<string, NonNullable<AuditWindowFacts['current']>> }> {
    const [{ mode, reason }, windows] = await Promise.all([this.mode(), this.deps.repo.latest()]);
    return { base: { mode, ...(reason && { manualReason: reason }), defaultDurationMs: this.deps.config.defaultDurationMs }, byNamespace: new Map(windows.map((w) => [w.namespace, this.view(w)])) };
  }

  private view(window: AuditWindow): NonNullable<AuditWindowFacts['current']> {
    return { window, verification: verifyWindow(window, this.deps.recentFlows(window.namespace)) };
  }

  private async reconcile(window: AuditWindow, enforceAt: number | undefined, reapply: boolean): Promise<void> {
    const due = closeDue(window, this.clock(), enforceAt);
    if (due) {
      await this.closeWindow(window, SYSTEM_ACTOR, due);
      return;
    }
    const cluster = this.deps.cluster;
    if (window.mode !== 'exec' || !cluster) return;
    this.watch(window.namespace);
    const located = await cluster.locate(window.namespace);
    if (!located.ok) {
      await this.deps.repo.recordReconcile(window.id, window.endpoints, { at: this.clock(), ok: false, message: located.reason, enabled: 0, dropped: 0 });
      return;
    }
    const plan = planReconcile(window.endpoints, located.targets, { reapply });
    const applied = await this.apply(plan.enable, true);
    const endpoints = sortByPod([...plan.keep, ...applied, ...plan.unreachable]);
    await this.deps.repo.recordReconcile(window.id, endpoints, { at: this.clock(), ok: true, enabled: applied.filter((e) => e.state === 'enabled').length, dropped: plan.dropped.length });
  }

  private async closeWindow(window: AuditWindow, actor: string, reason: WindowCloseReason): Promise<AuditWindow> {
    this.watches.get(window.namespace)?.();
    this.watches.delete(window.namespace);
    let endpoints = window.endpoints;
    if (window.mode === 'exec' && this.deps.cluster) {
      // Disable wherever it may have been enabled; an endpoint without an agent keeps its reason.
      const reachable = window.endpoints.filter((e) => e.agentPod);
      const disabled = await this.apply(reachable, false);
      endpoints = sortByPod([...disabled, ...window.endpoints.filter((e) => !e.agentPod)]);
    }
    return this.deps.repo.close(window.id, { actor, at: this.clock(), reason, endpoints });
  }

  private async apply(targets: readonly EndpointTarget[], enabled: boolean): Promise<WindowEndpoint[]> {
    if (!this.deps.cluster || targets.length === 0) return [];
    const plain = targets.map((t) => ({ pod: t.pod, endpointId: t.endpointId, node: t.node, agentPod: t.agentPod }));
    const result = await applyAuditMode(this.deps.cluster, plain, enabled, this.clock);
    for (const e of result.endpoints) {
      const outcome = e.state !== 'unreachable' ? 'ok' : /403/.test(e.reason ?? '') ? 'forbidden' : 'failed';
      this.deps.metrics?.inc('lockstep_audit_window_exec_total', 1, { result: outcome });
    }
    if (result.forbidden) this.modeCache = undefined;
    return result.endpoints;
  }

  private async openWindow(namespace: string): Promise<AuditWindow> {
    const open = (await this.deps.repo.listOpen()).find((w) => w.namespace === namespace);
    if (!open) throw new AppError('not_found:audit-window', `${namespace} has no open audit window`);
    return open;
  }

  /** Watches the namespace's CiliumEndpoints while its window is open: a change reconciles soon after. */
  private watch(namespace: string): void {
    if (!this.deps.cluster || this.watches.has(namespace)) return;
    let pending: NodeJS.Timeout | undefined;
    const stop = this.deps.cluster.watch(namespace, () => {
      // Debounced: a rollout replaces several pods within a second.
      clearTimeout(pending);
      pending = setTimeout(() => void this.background(), 500);
      pending.unref();
    });
    this.watches.set(namespace, () => {
      clearTimeout(pending);
      stop();
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function sortByPod<T extends { pod: string }>(list: T[]): T[] {
  return list.sort((a, b) => (a.pod < b.pod ? -1 : a.pod > b.pod ? 1 : 0));
}

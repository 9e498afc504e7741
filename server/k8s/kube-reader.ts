import 'server-only';
import { ApiException, CoreV1Api, CustomObjectsApi, Observable, type KubeConfig, type RequestContext, type ResponseContext } from '@kubernetes/client-node';
import type { AuditModeFact, KubeFact, KubernetesFacts } from '@/lib/checklist/checklist';
import type { CiliumPolicy } from '@/lib/policy/cnp-types';
import type { MetricsRegistry } from '../metrics';
import type { LoadedKubeConfig } from './kube-config';
import { toAuditModeFact, toCiliumPolicies, toClusterFacts, toPodFacts, type NamespacedPod } from './kube-translate';
import type { ClusterFacts } from '@/lib/policy/cluster-facts';

/**
 * Read-only access to what the checklist needs from the Kubernetes API: cilium-config's `policy-audit-mode`,
 * namespaces, pods with their labels, CiliumNetworkPolicies and CiliumClusterwideNetworkPolicies. Every call has
 * a timeout; answers and failures are cached for `cacheMs`; a failure is a value (`{ok: false, reason}`), counted
 * in `lockstep_kubernetes_errors_total`, never thrown. The calls match deploy/base/rbac*.yaml (the ConfigMap by
 * name with `get`; the rest with `list`).
 */

/** Options of {@link KubernetesReader}. */
export interface KubernetesReaderOptions {
  /** Per call. Default: 5000 ms. */
  timeoutMs?: number;
  /** Reuse answers and failures this long. Default: 30000 ms. */
  cacheMs?: number;
  /** Namespace of the cilium-config ConfigMap. Default: kube-system. */
  ciliumNamespace?: string;
  metrics?: MetricsRegistry;
  /** Default: Date.now. */
  clock?: () => number;
}

const CILIUM = { group: 'cilium.io', version: 'v2' } as const;
const MAX_CACHE = 2_000;

export class KubernetesReader {
  private readonly core: CoreV1Api | undefined;
  private readonly custom: CustomObjectsApi | undefined;
  private readonly cache = new Map<string, { at: number; value: Promise<KubeFact<unknown>> }>();
  private readonly lastLogged = new Map<string, string>();
  private readonly timeoutMs: number;
  private readonly cacheMs: number;
  private readonly ciliumNamespace: string;
  private readonly clock: () => number;

  private readonly loaded: LoadedKubeConfig;

  constructor(
    loaded: LoadedKubeConfig,
    private readonly options: KubernetesReaderOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.cacheMs = options.cacheMs ?? 30_000;
    this.ciliumNamespace = options.ciliumNamespace ?? 'kube-system';
    this.clock = options.clock ?? Date.now;
    options.metrics?.declare('lockstep_kubernetes_errors_total', 'counter', 'Failed Kubernetes API reads (by call), reported on the checklist as "not reachable".');
    this.loaded = loaded;
    if (!loaded.ok) return;
    try {
      this.core = loaded.kubeConfig.makeApiClient(CoreV1Api);
      this.custom = loaded.kubeConfig.makeApiClient(CustomObjectsApi);
    } catch (error) {
      // e.g. "No active cluster!": the checklist then falls back to confirmations instead of failing the start.
      this.loaded = { ok: false, reason: `cannot create a Kubernetes client: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  /** A reader for a client configuration (tests point one at a fake API server). */
  static fromKubeConfig(kubeConfig: KubeConfig, options?: KubernetesReaderOptions): KubernetesReader {
    return new KubernetesReader({ ok: true, kubeConfig, source: 'given' }, options);
  }

  /** Whether the API is read at all, and why not. */
  get status(): { enabled: true; source: string } | { enabled: false; reason: string } {
    return this.loaded.ok ? { enabled: true, source: this.loaded.source } : { enabled: false, reason: this.loaded.reason };
  }

  auditMode(): Promise<KubeFact<AuditModeFact>> {
    return this.read('cilium-config', '', async (api, options) => toAuditModeFact(await api.core.readNamespacedConfigMap({ name: 'cilium-config', namespace: this.ciliumNamespace }, options)));
  }

  /** cilium-config's `allow-localhost` and `cluster-name`, the facts replay and lints depend on (rules 28, 31). */
  clusterFacts(): Promise<KubeFact<Partial<ClusterFacts>>> {
    return this.read('cilium-config', 'cluster', async (api, options) => toClusterFacts(await api.core.readNamespacedConfigMap({ name: 'cilium-config', namespace: this.ciliumNamespace }, options)));
  }

  namespaces(): Promise<KubeFact<string[]>> {
    return this.read('namespaces', '', async (api, options) => (await api.core.listNamespace({}, options)).items.map((n) => n.metadata?.name ?? '').filter(Boolean).sort());
  }

  /** Pods of a namespace, or of every namespace. */
  pods(namespace?: string): Promise<KubeFact<NamespacedPod[]>> {
    return this.read('pods', namespace ?? '*', async (api, options) =>
      toPodFacts((namespace === undefined ? await api.core.listPodForAllNamespaces({}, options) : await api.core.listNamespacedPod({ namespace }, options)).items),
    );
  }

  /** CiliumNetworkPolicies of a namespace, or of every namespace. */
  networkPolicies(namespace?: string): Promise<KubeFact<CiliumPolicy[]>> {
    const plural = 'ciliumnetworkpolicies';
    return this.read('ciliumnetworkpolicies', namespace ?? '*', async (api, options) =>
      toCiliumPolicies(
        namespace === undefined
          ? await api.custom.listClusterCustomObject({ ...CILIUM, plural }, options)
          : await api.custom.listNamespacedCustomObject({ ...CILIUM, namespace, plural }, options),
        'CiliumNetworkPolicy',
      ),
    );
  }

  clusterwidePolicies(): Promise<KubeFact<CiliumPolicy[]>> {
    return this.read('ciliumclusterwidenetworkpolicies', '', async (api, options) =>
      toCiliumPolicies(await api.custom.listClusterCustomObject({ ...CILIUM, plural: 'ciliumclusterwidenetworkpolicies' }, options), 'CiliumClusterwideNetworkPolicy'),
    );
  }

  /** Everything the checklist reads about one namespace, read in parallel. */
  async namespaceFacts(namespace: string): Promise<KubernetesFacts> {
    if (!this.loaded.ok) return { status: 'off', reason: this.loaded.reason };
    const [auditMode, pods, policies, clusterPolicies] = await Promise.all([this.auditMode(), this.pods(namespace), this.networkPolicies(namespace), this.clusterwidePolicies()]);
    return { status: 'on', auditMode, pods, policies, clusterPolicies };
  }

  /** Forgets cached answers (after a user asks to re-check). */
  invalidate(): void {
    this.cache.clear();
  }

  private read<T>(call: string, scope: string, fn: (api: { core: CoreV1Api; custom: CustomObjectsApi }, options: CallOptions) => Promise<T>): Promise<KubeFact<T>> {
    if (!this.core || !this.custom || !this.loaded.ok) return Promise.resolve({ ok: false, reason: this.loaded.ok ? 'no client' : this.loaded.reason });
    const key = `${call}:${scope}`;
    const now = this.clock();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < this.cacheMs) return hit.value as Promise<KubeFact<T>>;
    if (this.cache.size >= MAX_CACHE) this.cache.delete(this.cache.keys().next().value!);
    const value = this.withTimeout(call, (options) => fn({ core: this.core!, custom: this.custom! }, options));
    this.cache.set(key, { at: now, value });
    return value;
  }

  private async withTimeout<T>(call: string, fn: (options: CallOptions) => Promise<T>): Promise<KubeFact<T>> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new TimeoutError());
      }, this.timeoutMs);
    });
    try {
      return { ok: true, value: await Promise.race([fn(callOptions(controller.signal)), timeout]) };
    } catch (error) {
      const reason = describeKubeError(error, this.timeoutMs);
      this.options.metrics?.inc('lockstep_kubernetes_errors_total', 1, { call });
      if (this.lastLogged.get(call) !== reason) console.warn(`[lockstep] Kubernetes API ${call}: ${reason}`);
      this.lastLogged.set(call, reason);
      return { ok: false, reason };
    } finally {
      clearTimeout(timer);
    }
  }
}

class TimeoutError extends Error {}

type CallOptions = Parameters<CoreV1Api['listNamespace']>[1];

/** Per-call options that abort the HTTP request when the timeout fires (client-node's Observable middleware). */
function callOptions(signal: AbortSignal): CallOptions {
  const middleware = {
    pre: (ctx: RequestContext) => {
      ctx.setSignal(signal);
      return new Observable(Promise.resolve(ctx));
    },
    post: (ctx: ResponseContext) => new Observable(Promise.resolve(ctx)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'append' };
}

const STATUS_TEXT: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable' };

/** A short reason: `403 Forbidden: <the API server's message>`, `timeout after 5000 ms`, `connect ECONNREFUSED …`. */
export function describeKubeError(error: unknown, timeoutMs: number): string {
  if (error instanceof TimeoutError || (error instanceof Error && error.name === 'AbortError')) return `timeout after ${timeoutMs} ms`;
  if (error instanceof ApiException) {
    const body = typeof error.body === 'string' ? safeJson(error.body) : error.body;
    const message = (body as { message?: unknown } | undefined)?.message;
    return `${error.code} ${STATUS_TEXT[error.code] ?? 'error'}${typeof message === 'string' && message ? `: ${message.slice(0, 200)}` : ''}`;
  }
  const text = error instanceof Error ? error.message : String(error);
  return (/reason: (.*)$/.exec(text)?.[1] ?? text).slice(0, 200);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text };
  }
}

import 'server-only';
import { Writable } from 'node:stream';
import { AuthorizationV1Api, CoreV1Api, CustomObjectsApi, Exec, Watch, type KubeConfig, type V1Status } from '@kubernetes/client-node';
import { AGENT_CONTAINER, AGENT_SELECTOR } from '@/lib/rollout/audit-window/endpoint-config-command';
import type { EndpointTarget } from '@/lib/rollout/audit-window/plan-reconcile';
import { describeKubeError } from '../kube-reader';

/**
 * The cluster side of the audit window, on @kubernetes/client-node: finds a namespace's endpoints (CiliumEndpoints →
 * endpoint ids; pods → `spec.nodeName`; `k8s-app=cilium` pods in the Cilium namespace → the agent of each node),
 * runs commands in an agent pod through the exec API, watches CiliumEndpoints, and asks whether exec is allowed.
 * Failures are values with a short reason; `forbidden` marks a 403 (the RBAC component is missing).
 */

/** A failure: why, and whether RBAC refused it. */
export interface ClusterFailure {
  ok: false;
  reason: string;
  forbidden: boolean;
}

/** What the window service needs from the cluster (tests may swap it). */
export interface WindowCluster {
  readonly ciliumNamespace: string;
  /** Whether `create pods/exec` in the Cilium namespace is allowed (SelfSubjectAccessReview). */
  canExec(): Promise<{ ok: true; allowed: boolean; reason?: string } | ClusterFailure>;
  /** The namespace's endpoints with their node and agent pod. */
  locate(namespace: string): Promise<{ ok: true; targets: EndpointTarget[] } | ClusterFailure>;
  /** Runs `command` in the agent container of `agentPod`. */
  exec(agentPod: string, command: string[]): Promise<{ ok: true; stdout: string } | ClusterFailure>;
  /** Calls `onChange` whenever a CiliumEndpoint of the namespace appears, changes or goes; returns a stop function. */
  watch(namespace: string, onChange: () => void): () => void;
}

/** Options of {@link createWindowCluster}. */
export interface WindowClusterOptions {
  ciliumNamespace: string;
  /** Per read and per exec. Default: 10000 ms. */
  timeoutMs?: number;
  /** Wait before re-opening a watch that ended. Default: 5000 ms. */
  rewatchMs?: number;
}

class TimeoutError extends Error {}

function failure(error: unknown, timeoutMs: number): ClusterFailure {
  const reason = error instanceof TimeoutError ? `timeout after ${timeoutMs} ms` : describeKubeError(error, timeoutMs);
  return { ok: false, reason, forbidden: /^403\b|\b403\b/.test(reason) };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The real cluster, reached with `kubeConfig`. */
export function createWindowCluster(kubeConfig: KubeConfig, options: WindowClusterOptions): WindowCluster {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const custom = kubeConfig.makeApiClient(CustomObjectsApi);
  const auth = kubeConfig.makeApiClient(AuthorizationV1Api);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const ciliumNamespace = options.ciliumNamespace;
  return {
    ciliumNamespace,
    async canExec() {
      try {
        const review = await withTimeout(
          auth.createSelfSubjectAccessReview({ body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { namespace: ciliumNamespace, verb: 'create', resource: 'pods', subresource: 'exec' } } } }),
          timeoutMs,
        );
        return { ok: true, allowed: review.status?.allowed === true, reason: review.status?.reason };
      } catch (error) {
        return failure(error, timeoutMs);
      }
    },
    async locate(namespace) {
      try {
        const [endpoints, pods, agents] = await withTimeout(
          Promise.all([
            custom.listNamespacedCustomObject({ group: 'cilium.io', version: 'v2', namespace, plural: 'ciliumendpoints' }),
            core.listNamespacedPod({ namespace }),
            core.listNamespacedPod({ namespace: ciliumNamespace, labelSelector: AGENT_SELECTOR }),
          ]),
          timeoutMs,
        );
        const nodeOf = new Map(pods.items.map((p) => [p.metadata?.name ?? '', p.spec?.nodeName]));
        const agentOn = new Map<string, string>();
        // A node's newest running agent wins (a DaemonSet rollout briefly runs two).
        for (const a of agents.items) {
          const node = a.spec?.nodeName;
          if (!node || a.metadata?.deletionTimestamp || (a.status?.phase && a.status.phase !== 'Running')) continue;
          agentOn.set(node, a.metadata?.name ?? '');
        }
        const items = ((endpoints as { items?: unknown[] }).items ?? []) as { metadata?: { name?: string }; status?: { id?: unknown } }[];
        const targets: EndpointTarget[] = [];
        for (const e of items) {
          const pod = e.metadata?.name;
          const id = Number(e.status?.id);
          if (!pod || !Number.isInteger(id) || id <= 0) continue;
          const node = nodeOf.get(pod) ?? undefined;
          targets.push({ pod, endpointId: id, node, agentPod: node ? agentOn.get(node) : undefined });
        }
        return { ok: true, targets };
      } catch (error) {
        return failure(error, timeoutMs);
      }
    },
    exec: (agentPod, command) => execIn(kubeConfig, ciliumNamespace, agentPod, command, timeoutMs),
    watch(namespace, onChange) {
      let stopped = false;
      let controller: AbortController | undefined;
      let timer: NodeJS.Timeout | undefined;
      const start = () => {
        if (stopped) return;
        const restart = () => {
          if (!stopped) timer = setTimeout(start, options.rewatchMs ?? 5_000);
        };
        new Watch(kubeConfig)
          .watch(`/apis/cilium.io/v2/namespaces/${namespace}/ciliumendpoints`, {}, () => onChange(), restart)
          .then((c) => {
            controller = c;
            if (stopped) c.abort();
          }, restart);
      };
      start();
      return () => {
        stopped = true;
        clearTimeout(timer);
        controller?.abort();
      };
    },
  };
}

/** Collects a stream into a string (bounded: the agent prints a line or two). */
function collector(): Writable & { text(): string } {
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (size < 64 * 1024) chunks.push(chunk);
      size += chunk.length;
      callback();
    },
  });
  return Object.assign(stream, { text: () => Buffer.concat(chunks).toString('utf8').trim() });
}

/** Runs one command in the agent container; the V1Status on channel 3 says whether it exited 0. */
async function execIn(kubeConfig: KubeConfig, namespace: string, pod: string, command: string[], timeoutMs: number): Promise<{ ok: true; stdout: string } | ClusterFailure> {
  const stdout = collector();
  const stderr = collector();
  let socket: { close(): void } | undefined;
  const done = new Promise<V1Status | undefined>((resolve, reject) => {
    new Exec(kubeConfig)
      .exec(namespace, pod, AGENT_CONTAINER, command, stdout, stderr, null, false, (s) => resolve(s))
      .then((ws) => {
        socket = ws;
        ws.on('close', () => resolve(undefined));
      }, reject);
  });
  try {
    const result = await withTimeout(done, timeoutMs);
    if (result?.status === 'Success') return { ok: true, stdout: stdout.text() };
    const detail = stderr.text() || stdout.text() || result?.message || 'the exec stream closed without a status';
    return { ok: false, reason: `${command.join(' ')} failed: ${detail.slice(0, 300)}`, forbidden: false };
  } catch (error) {
    // The API server refuses the WebSocket upgrade with the HTTP status: "Unexpected server response: 403".
    const text = error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error);
    const code = /Unexpected server response: (\d{3})/.exec(text)?.[1];
    if (code) return { ok: false, reason: `exec in ${namespace}/${pod}: ${code === '403' ? '403 Forbidden (pods/exec is not granted)' : `HTTP ${code}`}`, forbidden: code === '403' };
    return failure(error, timeoutMs);
  } finally {
    socket?.close();
  }
}

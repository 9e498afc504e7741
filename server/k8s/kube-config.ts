import 'server-only';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

/** How Lockstep reaches the Kubernetes API (from server/config.ts). */
export interface KubernetesConfig {
  /** `LOCKSTEP_KUBERNETES`: `auto` reads the cluster when credentials are found; `off` never does. Default: auto. */
  mode: 'auto' | 'off';
  /** `KUBECONFIG` (path list); undefined: `~/.kube/config` when it exists. */
  kubeconfig: string | undefined;
  /** `KUBERNETES_SERVICE_HOST` is set: running in a pod with a service account. */
  inCluster: boolean;
  /** `LOCKSTEP_KUBERNETES_TIMEOUT_MS`: per API call. Default: 5000. */
  timeoutMs: number;
  /** `LOCKSTEP_KUBERNETES_CACHE_MS`: how long answers (and failures) are reused. Default: 30000. */
  cacheMs: number;
  /** `LOCKSTEP_CILIUM_NAMESPACE`: where the cilium-config ConfigMap lives. Default: kube-system. */
  ciliumNamespace: string;
}

/** A loaded client configuration, or why there is none. */
export type LoadedKubeConfig = { ok: true; kubeConfig: KubeConfig; source: string } | { ok: false; reason: string };

/**
 * Loads the client configuration: the in-cluster service account when running in a pod, else the first existing
 * file of `KUBECONFIG`, else `~/.kube/config`. In demo mode the cluster is not read (its namespaces are not the
 * demo relay's). Never throws.
 */
export function loadKubeConfig(config: KubernetesConfig, options: { demo: boolean }): LoadedKubeConfig {
  if (config.mode === 'off') return { ok: false, reason: 'LOCKSTEP_KUBERNETES=off' };
  if (options.demo) return { ok: false, reason: 'demo mode (the embedded demo relay is not a cluster)' };
  const kubeConfig = new KubeConfig();
  try {
    if (config.inCluster) {
      kubeConfig.loadFromCluster();
      return { ok: true, kubeConfig, source: 'in-cluster service account' };
    }
    const candidates = config.kubeconfig ? config.kubeconfig.split(path.delimiter).filter(Boolean) : [path.join(os.homedir(), '.kube', 'config')];
    const file = candidates.find((f) => fs.existsSync(f));
    if (!file) return { ok: false, reason: 'no in-cluster service account and no kubeconfig file' };
    kubeConfig.loadFromFile(file);
    if (!kubeConfig.getCurrentCluster()) return { ok: false, reason: `kubeconfig ${file} has no current cluster` };
    return { ok: true, kubeConfig, source: `kubeconfig ${file}` };
  } catch (error) {
    return { ok: false, reason: `cannot load the Kubernetes client configuration: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** A client configuration for an API server at `url` with a bearer token (the demo's and the tests' servers on loopback). */
export function tokenKubeConfig(url: string, options: { name: string; token: string }): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: options.name, server: url, skipTLSVerify: true }],
    users: [{ name: 'lockstep', token: options.token }],
    contexts: [{ name: options.name, cluster: options.name, user: 'lockstep' }],
    currentContext: options.name,
  });
  return kc;
}

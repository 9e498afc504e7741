import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KubeConfig } from '@kubernetes/client-node';
import { tokenKubeConfig } from '../kube-config';

/**
 * A tiny imitation of the Kubernetes API paths the reader calls (test code only): answers from `state`, refuses
 * paths in `forbidden` with a 403 Status as the API server does, and can stall every answer (`delayMs`).
 */
export interface FakeKubeState {
  configMap?: { data: Record<string, string>; resourceVersion?: string; managedFields?: { time: string; fieldsV1?: object }[] } | null;
  namespaces?: string[];
  pods?: { namespace: string; name: string; labels?: Record<string, string>; hostNetwork?: boolean; phase?: string }[];
  cnps?: object[];
  ccnps?: object[];
  /** Path prefixes answered with 403 Forbidden. */
  forbidden?: string[];
  /** Delay before every answer. Default: 0. */
  delayMs?: number;
}

export interface FakeKubeApi {
  url: string;
  state: FakeKubeState;
  /** Request paths (with query) and their Authorization header, in order. */
  requests: { path: string; authorization: string | undefined }[];
  kubeConfig(): KubeConfig;
  close(): Promise<void>;
}

function status(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code };
}

function route(state: FakeKubeState, path: string): [number, unknown] {
  if (state.forbidden?.some((p) => path.startsWith(p))) {
    return [403, status(403, 'Forbidden', `configmaps "cilium-config" is forbidden: User "system:serviceaccount:lockstep:lockstep" cannot get resource at ${path}`)];
  }
  const pods = (ns?: string) => ({
    kind: 'PodList',
    items: (state.pods ?? [])
      .filter((p) => ns === undefined || p.namespace === ns)
      .map((p) => ({ metadata: { name: p.name, namespace: p.namespace, labels: p.labels ?? {} }, spec: { hostNetwork: p.hostNetwork ?? false, containers: [] }, status: { phase: p.phase ?? 'Running' } })),
  });
  let m: RegExpExecArray | null;
  if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/configmaps\/cilium-config$/.exec(path))) {
    if (!state.configMap) return [404, status(404, 'NotFound', 'configmaps "cilium-config" not found')];
    const { data, resourceVersion = '1', managedFields = [] } = state.configMap;
    return [200, { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'cilium-config', namespace: m[1], resourceVersion, managedFields }, data }];
  }
  if (path === '/api/v1/namespaces') return [200, { kind: 'NamespaceList', items: (state.namespaces ?? []).map((name) => ({ metadata: { name } })) }];
  if (path === '/api/v1/pods') return [200, pods()];
  if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(path))) return [200, pods(m[1])];
  const list = (items: object[]) => ({ apiVersion: 'cilium.io/v2', kind: 'List', items });
  if (path === '/apis/cilium.io/v2/ciliumnetworkpolicies') return [200, list(state.cnps ?? [])];
  if ((m = /^\/apis\/cilium.io\/v2\/namespaces\/([^/]+)\/ciliumnetworkpolicies$/.exec(path))) {
    const ns = m[1];
    return [200, list((state.cnps ?? []).filter((p) => (p as { metadata?: { namespace?: string } }).metadata?.namespace === ns))];
  }
  if (path === '/apis/cilium.io/v2/ciliumclusterwidenetworkpolicies') return [200, list(state.ccnps ?? [])];
  return [404, status(404, 'NotFound', `the server could not find the requested resource (${path})`)];
}

/** Starts the fake on a loopback port. */
export async function startFakeKubeApi(state: FakeKubeState = {}): Promise<FakeKubeApi> {
  const requests: FakeKubeApi['requests'] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push({ path: url.pathname + url.search, authorization: req.headers.authorization });
    const [code, body] = route(state, url.pathname);
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (state.delayMs) setTimeout(send, state.delayMs).unref();
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    state,
    requests,
    kubeConfig: () => tokenKubeConfig(url, { name: 'fake', token: 'fake-token' }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

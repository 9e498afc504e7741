import 'server-only';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { KubeConfig } from '@kubernetes/client-node';
import { WebSocketServer, type WebSocket } from 'ws';
import { tokenKubeConfig } from '../k8s/kube-config';

/**
 * A small Kubernetes API server for the audit window (issue #15) and the checklist: the demo's cluster and the tests'
 * fake. It serves what the window reads (pods with their node and labels, CiliumEndpoints, a CiliumEndpoint watch,
 * access reviews), what the checklist reads (namespaces, pods of every namespace, ConfigMaps by name,
 * CiliumNetworkPolicies and CiliumClusterwideNetworkPolicies), and the exec API over WebSocket with the `v5.channel.k8s.io` / `v4.channel.k8s.io` subprotocols that
 * @kubernetes/client-node speaks: a binary frame per message, first byte the channel (1 stdout, 2 stderr, 3 the
 * V1Status). Every exec is recorded with its pod, container and command, and answered by `exec`.
 */

/** A pod as the window reads it. */
export interface DemoKubePod {
  namespace: string;
  name: string;
  nodeName?: string;
  labels?: Record<string, string>;
  phase?: string;
  /** A host-network pod (a Cilium agent): it has no endpoint of its own. */
  hostNetwork?: boolean;
}

/** A ConfigMap (cilium-config). */
export interface DemoConfigMap {
  namespace: string;
  name: string;
  data: Record<string, string>;
}

/** A CiliumEndpoint: named after its pod, `status.id` the endpoint id. */
export interface DemoCiliumEndpoint {
  namespace: string;
  name: string;
  id: number;
}

/** The cluster's state; change it through {@link DemoKubeApi.update} so that watches see the change. */
export interface DemoKubeState {
  pods: DemoKubePod[];
  ciliumEndpoints: DemoCiliumEndpoint[];
  /** Namespaces; default: those of the pods. */
  namespaces?: string[];
  configMaps?: DemoConfigMap[];
  /** CiliumNetworkPolicy objects (namespaced by `metadata.namespace`). */
  ciliumNetworkPolicies?: { metadata: { name: string; namespace?: string } }[];
  ciliumClusterwideNetworkPolicies?: { metadata: { name: string; namespace?: string } }[];
  /** Path prefixes answered with 403 Forbidden (exec included: `/api/v1/namespaces/kube-system/pods/` forbids it). */
  forbidden?: string[];
}

/** One exec call. */
export interface ExecCall {
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  /** The subprotocol negotiated. */
  protocol: string;
}

/** What an exec answers. Default: exit 0 with no output. */
export interface ExecAnswer {
  stdout?: string;
  stderr?: string;
  exitCode?: number;
}

/** A running API server. */
export interface DemoKubeApi {
  url: string;
  state: DemoKubeState;
  /** Exec calls, in order. */
  commands: ExecCall[];
  /** A client configuration for this server (token auth, plain HTTP on loopback). */
  kubeConfig(): KubeConfig;
  /** Changes the state and tells the CiliumEndpoint watches (ADDED / DELETED / MODIFIED). */
  update(change: (state: DemoKubeState) => void): void;
  /** Open CiliumEndpoint watches. */
  watchCount(): number;
  close(): Promise<void>;
}

/** Options of {@link startDemoKubeApi}. */
export interface DemoKubeApiOptions {
  state: DemoKubeState;
  exec?: (call: ExecCall) => ExecAnswer | Promise<ExecAnswer>;
  /** Listen address. Default: 127.0.0.1, a free port. */
  host?: string;
  port?: number;
}

const status = (code: number, reason: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });

function podObject(p: DemoKubePod) {
  return { metadata: { name: p.name, namespace: p.namespace, labels: p.labels ?? {} }, spec: { nodeName: p.nodeName, containers: [], ...(p.hostNetwork && { hostNetwork: true }) }, status: { phase: p.phase ?? 'Running' } };
}

function endpointObject(e: DemoCiliumEndpoint) {
  return { apiVersion: 'cilium.io/v2', kind: 'CiliumEndpoint', metadata: { name: e.name, namespace: e.namespace }, status: { id: e.id, state: 'ready' } };
}

/** `k=v,k2=v2` label selectors (equality only: what the window sends). */
function selects(selector: string | null, labels: Record<string, string> | undefined): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [k, v] = term.split('=');
    return (labels ?? {})[k] === v;
  });
}

const CILIUM_PATH = /^\/apis\/cilium\.io\/v2\/(?:namespaces\/([^/]+)\/)?(ciliumnetworkpolicies|ciliumclusterwidenetworkpolicies)$/;

/** The checklist's reads: namespaces, every pod, a ConfigMap, Cilium policy lists. Undefined: not one of them. */
function readObjects(state: DemoKubeState, path: string): { code: number; body: unknown } | undefined {
  if (path === '/api/v1/namespaces') {
    const names = state.namespaces ?? [...new Set(state.pods.map((p) => p.namespace))].sort();
    return { code: 200, body: { kind: 'NamespaceList', apiVersion: 'v1', metadata: {}, items: names.map((name) => ({ metadata: { name } })) } };
  }
  if (path === '/api/v1/pods') return { code: 200, body: { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: state.pods.map(podObject) } };
  const cm = /^\/api\/v1\/namespaces\/([^/]+)\/configmaps\/([^/]+)$/.exec(path);
  if (cm) {
    const found = state.configMaps?.find((c) => c.namespace === cm[1] && c.name === cm[2]);
    if (!found) return { code: 404, body: status(404, 'NotFound', `configmaps "${cm[2]}" not found`) };
    return { code: 200, body: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: found.name, namespace: found.namespace }, data: found.data } };
  }
  const cilium = CILIUM_PATH.exec(path);
  if (!cilium) return undefined;
  const [, namespace, plural] = cilium;
  const all: { metadata: { namespace?: string } }[] = plural === 'ciliumnetworkpolicies' ? (state.ciliumNetworkPolicies ?? []) : (state.ciliumClusterwideNetworkPolicies ?? []);
  const items = namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
  return { code: 200, body: { apiVersion: 'cilium.io/v2', kind: plural === 'ciliumnetworkpolicies' ? 'CiliumNetworkPolicyList' : 'CiliumClusterwideNetworkPolicyList', metadata: {}, items } };
}

/** Starts the server. */
export async function startDemoKubeApi(options: DemoKubeApiOptions): Promise<DemoKubeApi> {
  const state = options.state;
  const commands: ExecCall[] = [];
  const watches = new Set<{ namespace: string; res: http.ServerResponse }>();
  const forbidden = (path: string) => state.forbidden?.some((p) => path.startsWith(p)) ?? false;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (forbidden(url.pathname)) return send(403, status(403, 'Forbidden', `User "system:serviceaccount:lockstep:lockstep" cannot access ${url.pathname}`));
    let m: RegExpExecArray | null;
    const read = readObjects(state, url.pathname);
    if (read) return send(read.code, read.body);
    if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(url.pathname))) {
      const ns = m[1];
      const node = url.searchParams.get('fieldSelector')?.replace(/^spec\.nodeName=/, '');
      const items = state.pods.filter((p) => p.namespace === ns && selects(url.searchParams.get('labelSelector'), p.labels) && (!node || p.nodeName === node));
      return send(200, { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: items.map(podObject) });
    }
    if ((m = /^\/apis\/cilium\.io\/v2\/namespaces\/([^/]+)\/ciliumendpoints$/.exec(url.pathname))) {
      const ns = m[1];
      const items = state.ciliumEndpoints.filter((e) => e.namespace === ns);
      if (url.searchParams.get('watch') !== 'true') return send(200, { apiVersion: 'cilium.io/v2', kind: 'CiliumEndpointList', metadata: {}, items: items.map(endpointObject) });
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      for (const e of items) res.write(JSON.stringify({ type: 'ADDED', object: endpointObject(e) }) + '\n');
      const watch = { namespace: ns, res };
      watches.add(watch);
      res.on('close', () => watches.delete(watch));
      return;
    }
    if (req.method === 'POST' && url.pathname === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const review = JSON.parse(body || '{}') as { spec?: { resourceAttributes?: { namespace?: string; resource?: string; subresource?: string } } };
        const a = review.spec?.resourceAttributes ?? {};
        const path = `/api/v1/namespaces/${a.namespace ?? ''}/${a.resource ?? ''}/`;
        const denied = forbidden(path) || (a.subresource === 'exec' && forbidden(`${path}x/exec`));
        send(201, { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: review.spec, status: { allowed: !denied, ...(denied && { reason: 'no RBAC rule allows it' }) } });
      });
      return;
    }
    send(404, status(404, 'NotFound', `the server could not find the requested resource (${url.pathname})`));
  });

  const wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => ['v5.channel.k8s.io', 'v4.channel.k8s.io'].find((p) => offered.has(p)) ?? false });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/exec$/.exec(url.pathname);
    const refuse = (code: number, text: string) => {
      socket.end(`HTTP/1.1 ${code} ${text}\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n${JSON.stringify(status(code, text, text))}`);
    };
    if (!m) return refuse(404, 'Not Found');
    if (forbidden(url.pathname)) return refuse(403, 'Forbidden');
    const [namespace, pod] = [m[1], m[2]];
    if (!state.pods.some((p) => p.namespace === namespace && p.name === pod)) return refuse(404, 'Not Found');
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const call: ExecCall = { namespace, pod, container: url.searchParams.get('container') ?? '', command: url.searchParams.getAll('command'), protocol: ws.protocol };
      commands.push(call);
      void Promise.resolve(options.exec?.(call) ?? {}).then(
        (answer) => finishExec(ws, answer),
        (error: unknown) => finishExec(ws, { stderr: String(error), exitCode: 1 }),
      );
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const url = `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    state,
    commands,
    kubeConfig: () => tokenKubeConfig(url, { name: 'demo', token: 'demo-token' }),
    update(change) {
      const before = new Map(state.ciliumEndpoints.map((e) => [`${e.namespace}/${e.name}`, e.id]));
      change(state);
      const after = new Map(state.ciliumEndpoints.map((e) => [`${e.namespace}/${e.name}`, e]));
      const events: { type: string; e: DemoCiliumEndpoint }[] = [];
      for (const [k, e] of after) if (!before.has(k)) events.push({ type: 'ADDED', e });
      else if (before.get(k) !== e.id) events.push({ type: 'MODIFIED', e });
      for (const [k, id] of before) if (!after.has(k)) {
        const [namespace, name] = k.split('/');
        events.push({ type: 'DELETED', e: { namespace, name, id } });
      }
      for (const w of watches) for (const { type, e } of events) if (e.namespace === w.namespace) w.res.write(JSON.stringify({ type, object: endpointObject(e) }) + '\n');
    },
    watchCount: () => watches.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const w of watches) w.res.destroy();
        for (const c of wss.clients) c.terminate();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends the answer on the exec channels and closes, as the kubelet's stream does. */
function finishExec(ws: WebSocket, answer: ExecAnswer): void {
  const frame = (channel: number, text: string) => Buffer.concat([Buffer.from([channel]), Buffer.from(text, 'utf8')]);
  if (answer.stdout) ws.send(frame(1, answer.stdout));
  if (answer.stderr) ws.send(frame(2, answer.stderr));
  const code = answer.exitCode ?? 0;
  const result =
    code === 0
      ? { metadata: {}, status: 'Success' }
      : { metadata: {}, status: 'Failure', message: `command terminated with non-zero exit code: exit status ${code}`, reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: String(code) }] } };
  ws.send(frame(3, JSON.stringify(result)), () => ws.close(1000));
}

/**
 * Fixture builders for service-graph tests (never imported by non-test code): every event Hubble reports for ONE
 * connection, sharing its 5-tuple, as a real capture would show them. Built on `flow-builders.ts`.
 */
import type { Flow, Verdict } from '../flow/flow';
import { CiliumEventTypes } from '../flow/flow';
import { dnsFlow, FIXED_TIME, flowBetween, type EndpointOptions } from './flow-builders';

/** Options of {@link connectionFlows}. */
export interface ConnectionOptions {
  /** Names the connection's events (`<id>-egress`, `<id>-ingress`, `<id>-trace-0`, `<id>-reply`) and seeds its ports. */
  id: string;
  /** Destination port. Default: 80. */
  port?: number;
  /** Default: TCP. */
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  /** Offset of the first event from FIXED_TIME in ms; the others follow 1 ms apart. Default: 0. */
  at?: number;
  /** Policy-verdict event at the source (EGRESS); null for none. Default: 'FORWARDED'. */
  egress?: Verdict | null;
  /** Policy-verdict event at the destination (INGRESS); null for none. Default: null. */
  ingress?: Verdict | null;
  /** Trace events (event type 4, FORWARDED) of the request direction. Default: 1. */
  traces?: number;
  /** Add the reply's trace event (`isReply: true`, ends swapped). Default: true. */
  reply?: boolean;
  /** Order of the events: 'verdicts-first' or 'traces-first' (as the relay may reorder them). Default: 'verdicts-first'. */
  order?: 'verdicts-first' | 'traces-first';
  destinationNames?: string[];
  source?: EndpointOptions;
  destination?: EndpointOptions;
}

/** Every event of one connection from `from` to `to` (endpoint refs as in `flowBetween`). */
export function connectionFlows(from: string, to: string, options: ConnectionOptions): Flow[] {
  const base = { port: options.port ?? 80, protocol: options.protocol ?? 'TCP', destinationNames: options.destinationNames, source: options.source, destination: options.destination };
  const verdicts: Flow[] = [];
  const egress = options.egress === undefined ? 'FORWARDED' : options.egress;
  if (egress) verdicts.push(flowBetween(from, to, { ...base, verdict: egress, direction: 'EGRESS', uuid: `${options.id}-egress` }));
  if (options.ingress) verdicts.push(flowBetween(from, to, { ...base, verdict: options.ingress, direction: 'INGRESS', uuid: `${options.id}-ingress` }));
  const traces: Flow[] = [];
  for (let i = 0; i < (options.traces ?? 1); i++) {
    traces.push({ ...flowBetween(from, to, { ...base, verdict: 'FORWARDED', eventType: CiliumEventTypes.Trace, uuid: `${options.id}-trace-${i}` }), traceObservationPoint: 'TO_ENDPOINT' });
  }
  const events = options.order === 'traces-first' ? [...traces, ...verdicts] : [...verdicts, ...traces];
  if (options.reply ?? true) events.push(replyOf(events[0], `${options.id}-reply`));
  return events.map((flow, i) => onTuple(flow, options.id, (options.at ?? 0) + i));
}

/** The reply direction of `flow`: ends, addresses and ports swapped, `isReply: true`, a FORWARDED trace event. */
export function replyOf(flow: Flow, uuid: string): Flow {
  const l4 = flow.l4 !== undefined && 'sourcePort' in flow.l4 ? { ...flow.l4, sourcePort: flow.l4.destinationPort, destinationPort: flow.l4.sourcePort } : flow.l4;
  return {
    ...flow,
    uuid,
    verdict: 'FORWARDED',
    eventType: CiliumEventTypes.Trace,
    isReply: true,
    source: flow.destination,
    destination: flow.source,
    sourceNames: flow.destinationNames,
    destinationNames: flow.sourceNames,
    ip: { ...flow.ip, source: flow.ip.destination, destination: flow.ip.source },
    l4: l4 && l4.protocol === 'TCP' ? { ...l4, flags: ['SYN', 'ACK'] } : l4,
  };
}

/** A DNS lookup of `query` from `client` to `resolver`: EGRESS policy verdict, L7 request, L7 response (a reply). */
export function dnsLookupFlows(client: string, resolver: string, query: string, ips: string[], options: { id: string; at?: number; source?: EndpointOptions; destination?: EndpointOptions }): Flow[] {
  const ends = { source: options.source, destination: options.destination };
  const verdict = flowBetween(client, resolver, { ...ends, port: 53, protocol: 'UDP', verdict: 'FORWARDED', direction: 'EGRESS', uuid: `${options.id}-egress` });
  const response = dnsFlow(client, resolver, query, ips, { ...ends, uuid: `${options.id}-l7-request` });
  const request: Flow = { ...response, l7: { ...response.l7!, type: 'REQUEST', dns: { ...response.l7!.dns!, ips: [], rrtypes: [] } } };
  const answer = replyOf(response, `${options.id}-l7-response`);
  const events = [verdict, request, { ...answer, eventType: CiliumEventTypes.AccessLog, type: 'L7' as const, l7: response.l7 }];
  return events.map((flow, i) => onTuple(flow, options.id, (options.at ?? 0) + i));
}

// Puts an event on the connection's 5-tuple: addresses from the ends, source port from the connection id.
function onTuple(flow: Flow, id: string, at: number): Flow {
  const reply = flow.isReply === true;
  const client = reply ? flow.destination : flow.source;
  const server = reply ? flow.source : flow.destination;
  const clientIp = ipOf(`${client.namespace}/${client.podName}/${client.identity}`);
  const serverIp = ipOf(`${server.namespace}/${server.podName}/${server.identity}`);
  const ephemeral = 32768 + (hash(id) % 28000);
  let l4 = flow.l4;
  if (l4 !== undefined && 'sourcePort' in l4) {
    l4 = reply ? { ...l4, destinationPort: ephemeral } : { ...l4, sourcePort: ephemeral };
  }
  const ip = reply ? { ...flow.ip, source: serverIp, destination: clientIp } : { ...flow.ip, source: clientIp, destination: serverIp };
  return { ...flow, time: FIXED_TIME + at, ip, l4 };
}

function ipOf(seed: string): string {
  const h = hash(seed);
  return `10.${(h >>> 16) & 0xff}.${(h >>> 8) & 0xff}.${(h & 0xff) | 1}`;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** Pod names of the ten `blog` replicas in {@link homelabFlows}. */
export const BLOG_PODS = ['x2x9z', 'b4k7m', 'c5n8p', 'd6q9r', 'f7s2t', 'g8v4w', 'h9x5z', 'j2b6c', 'k4d7f', 'l5g8h'].map((s) => `blog-7d4b9c8f6-${s}`);

/**
 * The homelab of `rollout.md` as one fixed capture: traefik → blog:80 (ten replicas, INGRESS verdicts), kubelet
 * probes from the host, webapp → postgres:5432 AUDIT in both directions, argocd → api.github.com:443 by FQDN with
 * its DNS lookup, webapp → world (no name) AUDIT, blog → postgres DROPPED with SYN retransmits, a Prometheus
 * scrape, replies throughout and one stray reply.
 */
export function homelabFlows(): Flow[] {
  const traefik: EndpointOptions = { labels: { 'app.kubernetes.io/name': 'traefik', 'app.kubernetes.io/instance': 'traefik-traefik' }, podName: 'traefik-5f7b8c9d4-q8w2n' };
  const blog = (i: number): EndpointOptions => ({ labels: { app: 'blog', 'pod-template-hash': '7d4b9c8f6' }, podName: BLOG_PODS[i] });
  const postgres: EndpointOptions = {
    labels: { 'app.kubernetes.io/name': 'postgres', 'statefulset.kubernetes.io/pod-name': 'postgres-0', 'controller-revision-hash': 'postgres-6d5f7c8b9' },
    podName: 'postgres-0',
    workloadKind: 'StatefulSet',
  };
  const argocd: EndpointOptions = { labels: { 'app.kubernetes.io/name': 'argocd-repo-server', 'app.kubernetes.io/part-of': 'argocd' }, podName: 'argocd-repo-server-6b8d9f7c5-zt4xk' };
  const webapp: EndpointOptions = { labels: { app: 'webapp' }, podName: 'webapp-5c9d8b7f6-m2p4r' };
  const flows: Flow[] = [];
  for (let i = 0; i < 10; i++) {
    flows.push(...connectionFlows('traefik/traefik', 'blog/blog', { id: `traefik-blog-${i}`, at: i * 1000, egress: null, ingress: 'FORWARDED', source: traefik, destination: blog(i) }));
  }
  for (let i = 0; i < 2; i++) {
    flows.push(...connectionFlows('reserved:host', 'blog/blog', { id: `probe-${i}`, at: 20_000 + i * 10_000, egress: null, traces: 2, destination: blog(i) }));
  }
  const audited = { port: 5432, egress: 'AUDIT', ingress: 'AUDIT', traces: 2, source: webapp, destination: postgres } as const;
  flows.push(...connectionFlows('webapp/webapp', 'webapp/postgres', { ...audited, id: 'webapp-postgres-0', at: 40_000 }));
  flows.push(...connectionFlows('webapp/webapp', 'webapp/postgres', { ...audited, id: 'webapp-postgres-1', at: 41_000, order: 'traces-first' }));
  flows.push(...dnsLookupFlows('argocd/argocd-repo-server', 'kube-system/coredns', 'api.github.com', ['140.82.121.6'], {
    id: 'argocd-dns',
    at: 50_000,
    source: argocd,
    destination: { labels: { 'k8s-app': 'kube-dns' }, podName: 'coredns-5d78c9869d-lx2xz' },
  }));
  for (let i = 0; i < 2; i++) {
    flows.push(...connectionFlows('argocd/argocd-repo-server', 'reserved:world', { id: `argocd-github-${i}`, at: 51_000 + i * 1000, port: 443, destinationNames: ['api.github.com'], source: argocd }));
  }
  flows.push(...connectionFlows('webapp/webapp', 'reserved:world', { id: 'webapp-world', at: 55_000, port: 443, egress: 'AUDIT', source: webapp }));
  const denied = connectionFlows('blog/blog', 'webapp/postgres', { id: 'blog-postgres', at: 60_000, port: 5432, egress: null, ingress: 'DROPPED', traces: 0, reply: false, source: blog(0), destination: postgres });
  flows.push(...denied, ...[1000, 3000].map((dt, i) => ({ ...denied[0], uuid: `blog-postgres-retransmit-${i}`, time: denied[0].time + dt })));
  flows.push(...connectionFlows('monitoring/prometheus', 'blog/blog', { id: 'scrape', at: 70_000, port: 9090, source: { labels: { 'app.kubernetes.io/name': 'prometheus' }, podName: 'prometheus-kube-prometheus-stack-prometheus-0', workloadKind: 'StatefulSet' }, destination: blog(0) }));
  const github = flows.find((f) => f.uuid === 'argocd-github-0-egress')!;
  flows.push({ ...replyOf(github, 'stray-reply'), time: github.time + 80_000 });
  return flows;
}

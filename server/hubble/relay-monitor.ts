import 'server-only';
import type { RelayNode, RelayStatus } from '@/lib/live/types';
import type { FlowHub } from '../live/flow-hub';
import type { MetricsRegistry } from '../metrics';
import { callUnary, classifyRelayError, type RelayErrorInfo, type RelayObserverClient } from './relay-client';
import type { SubscriptionState } from './flow-subscription';
import { FlowSubscription } from './flow-subscription';
import { str, wrapped, type Obj } from './wire-values';

/**
 * Joins the relay flow subscription and the periodic `ServerStatus` / `GetNodes` / `GetNamespaces` polls into the
 * {@link RelayStatus} users see. The single upstream subscription feeds the {@link FlowHub}.
 */

/** Options of {@link RelayMonitor}. */
export interface RelayMonitorOptions {
  address: string;
  demo: boolean;
  tls: boolean;
  backlog: number;
  dialTimeoutMs: number;
  /** Poll interval of ServerStatus. Default: 5000 ms (GetNodes every 3rd, GetNamespaces every 6th poll). */
  pollMs?: number;
}


export class RelayMonitor {
  readonly subscription: FlowSubscription;
  private status: RelayStatus;
  private pollTimer: NodeJS.Timeout | undefined;
  private polls = 0;
  private failedAttempts = 0;

  constructor(
    private readonly client: RelayObserverClient,
    private readonly hub: FlowHub,
    private readonly metrics: MetricsRegistry,
    private readonly options: RelayMonitorOptions,
  ) {
    this.status = initialStatus(options);
    this.subscription = new FlowSubscription(client, options.address, {
      backlog: options.backlog,
      dialTimeoutMs: options.dialTimeoutMs,
      onFlow: (flow) => {
        hub.ingest(flow);
        metrics.inc('lockstep_flows_ingested_total');
      },
      onNodeStatus: (event) => hub.nodeEvents.push(event),
      onLostEvents: (event) => {
        hub.recordLost(event);
        metrics.inc('lockstep_lost_events_total', event.numEventsLost, { source: event.source });
      },
      onState: (state, error) => this.onState(state, error),
      onInvalid: (reason) => {
        metrics.inc('lockstep_relay_invalid_messages_total');
        console.warn(`[lockstep] relay message could not be translated: ${reason}`);
      },
    });
  }

  start(): void {
    this.subscription.start();
    void this.poll();
    this.pollTimer = setInterval(() => void this.poll(), this.options.pollMs ?? 5_000);
    this.pollTimer.unref?.();
  }

  stop(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.subscription.stop();
    this.client.close();
  }

  /** The current status, with live counters filled in. */
  snapshot(): RelayStatus {
    const c = this.subscription.counters;
    return {
      ...this.status,
      ingestRate: this.hub.ingestRate(),
      lostEvents: { ...this.hub.lost, bySource: { ...this.hub.lost.bySource } },
      nodeEvents: this.hub.nodeEvents.latest(20),
      flowsIngested: c.flowsReceived,
      duplicatesDropped: c.duplicatesDropped,
      invalidMessages: c.invalidMessages,
      reconnects: c.reconnects,
    };
  }

  /** True when the flow stream is up (readiness). */
  get ready(): boolean {
    return this.status.state === 'connected';
  }

  private onState(state: SubscriptionState, error?: RelayErrorInfo): void {
    if (state === 'stopped') return;
    if (state === 'connected') this.failedAttempts = 0;
    if (state === 'reconnecting') {
      this.failedAttempts += 1;
      this.metrics.inc('lockstep_relay_reconnects_total');
      if (error) console.warn(`[lockstep] relay ${this.options.address}: ${error.code}: ${error.message}. ${error.hint}`);
    }
    // After several failed attempts in a row, or a configuration error, the relay is "down", not "reconnecting".
    const down = state === 'reconnecting' && (this.failedAttempts >= 5 || (error !== undefined && !error.recoverable));
    const shown = down ? 'down' : state;
    if (shown !== this.status.state) this.status = { ...this.status, state: shown, stateSince: Date.now() };
    if (error) this.status = { ...this.status, lastError: { ...error, at: Date.now() } };
    if (state === 'connected') this.status = { ...this.status, lastError: undefined };
    this.metrics.set('lockstep_relay_connected', state === 'connected' ? 1 : 0);
  }

  private async poll(): Promise<void> {
    const n = this.polls++;
    const timeout = this.options.dialTimeoutMs;
    try {
      const s = (await callUnary<Obj>(this.client, 'ServerStatus', timeout)) ?? {};
      this.status = {
        ...this.status,
        version: str(s.version),
        numConnectedNodes: wrapped(s.num_connected_nodes),
        numUnavailableNodes: wrapped(s.num_unavailable_nodes),
        unavailableNodes: Array.isArray(s.unavailable_nodes) ? s.unavailable_nodes.map(String) : [],
        relayFlowsRate: Number(s.flows_rate ?? 0),
        numFlows: Number(s.num_flows ?? 0),
        maxFlows: Number(s.max_flows ?? 0),
        seenFlows: Number(s.seen_flows ?? 0),
        uptimeNs: Number(s.uptime_ns ?? 0),
      };
      if (n % 3 === 0) await this.pollNodes(timeout);
      if (n % 6 === 0) await this.pollNamespaces(timeout);
    } catch (error) {
      // The flow stream reports connection problems; a failed poll only matters when the stream is up.
      if (this.status.state === 'connected') {
        const info = classifyRelayError(error, this.options.address);
        console.warn(`[lockstep] relay status poll failed: ${info.code}: ${info.message}`);
      }
    }
  }

  private async pollNodes(timeout: number): Promise<void> {
    const r = (await callUnary<Obj>(this.client, 'GetNodes', timeout)) ?? {};
    const nodes: RelayNode[] = (Array.isArray(r.nodes) ? (r.nodes as Obj[]) : []).map((node) => ({
      name: str(node.name),
      version: str(node.version),
      address: str(node.address),
      state: str(node.state) || 'UNKNOWN_NODE_STATE',
      numFlows: Number(node.num_flows ?? 0),
      maxFlows: Number(node.max_flows ?? 0),
      seenFlows: Number(node.seen_flows ?? 0),
      uptimeNs: Number(node.uptime_ns ?? 0),
      tls: Boolean((node.tls as Obj | undefined)?.enabled),
    }));
    this.status = { ...this.status, nodes };
  }

  private async pollNamespaces(timeout: number): Promise<void> {
    try {
      const r = (await callUnary<Obj>(this.client, 'GetNamespaces', timeout)) ?? {};
      for (const ns of Array.isArray(r.namespaces) ? (r.namespaces as Obj[]) : []) this.hub.touchNamespace(str(ns.namespace));
    } catch {
      // Relays older than Cilium 1.14 lack GetNamespaces: namespaces then come from flows only.
    }
  }
}

function initialStatus(options: RelayMonitorOptions): RelayStatus {
  return {
    address: options.address,
    demo: options.demo,
    tls: options.tls,
    state: 'connecting',
    stateSince: Date.now(),
    lastError: undefined,
    version: '',
    numConnectedNodes: undefined,
    numUnavailableNodes: undefined,
    unavailableNodes: [],
    nodes: [],
    relayFlowsRate: 0,
    ingestRate: 0,
    numFlows: 0,
    maxFlows: 0,
    seenFlows: 0,
    uptimeNs: 0,
    lostEvents: { total: 0, bySource: {}, lastAt: undefined },
    nodeEvents: [],
    flowsIngested: 0,
    duplicatesDropped: 0,
    invalidMessages: 0,
    reconnects: 0,
  };
}

import 'server-only';
import type * as grpc from '@grpc/grpc-js';
import type { Flow, LostEvent, NodeStatusEvent } from '@/lib/flow/flow';
import { RecentIds } from '@/lib/live/recent-ids';
import { toRelayEvent } from './to-flow';
import {
  callUnary,
  classifyRelayError,
  toTimestamp,
  waitForRelay,
  type RelayErrorInfo,
  type RelayFlowFilter,
  type RelayGetFlowsRequest,
  type RelayObserverClient,
} from './relay-client';

/**
 * One resilient `GetFlows` follow stream. It reconnects with exponential backoff and jitter, resumes with
 * `since` = the newest flow time seen, and drops the flows the relay re-sends (de-duplication by `uuid`).
 * Usage contract: call `start()` once; `stop()` ends it for good. Listeners are called synchronously from the
 * gRPC data callback, in batches, and must not throw.
 */

/** Connection state of a subscription, as shown to users. */
export type SubscriptionState = 'connecting' | 'connected' | 'reconnecting' | 'stopped';

/** Counters of one subscription. */
export interface SubscriptionCounters {
  flowsReceived: number;
  duplicatesDropped: number;
  invalidMessages: number;
  reconnects: number;
}

/** Options of {@link FlowSubscription}. */
export interface FlowSubscriptionOptions {
  whitelist?: RelayFlowFilter[];
  blacklist?: RelayFlowFilter[];
  /** Flows requested as backlog (`number`) on the first connection. Default: 1000. */
  backlog?: number;
  /** Resume from this time (epoch ms) on the first connection instead of a `number` backlog. */
  since?: number;
  /** Time allowed to establish the channel before a retry. Default: 5000 ms. */
  dialTimeoutMs?: number;
  /** First retry delay. Default: 500 ms; doubles up to `maxBackoffMs`. */
  initialBackoffMs?: number;
  /** Default: 30000 ms. */
  maxBackoffMs?: number;
  /** How many uuids are remembered for de-duplication, and checked after each reconnect. Default: 65536. */
  dedupeCapacity?: number;
  /** Called for each new (non-duplicate) flow. */
  onFlow(flow: Flow): void;
  onNodeStatus?(event: NodeStatusEvent): void;
  onLostEvents?(event: LostEvent): void;
  onState?(state: SubscriptionState, error?: RelayErrorInfo): void;
  onInvalid?(reason: string): void;
}

/** The error a quick unary call gets on a channel that is not ready, when it says more than a timeout. */
async function probeChannelError(client: RelayObserverClient): Promise<unknown> {
  try {
    await callUnary(client, 'ServerStatus', 1_000);
    return undefined;
  } catch (error) {
    const message = String((error as { details?: string }).details ?? (error as Error).message ?? '');
    return /deadline/i.test(message) ? undefined : error;
  }
}

export class FlowSubscription {
  readonly counters: SubscriptionCounters = { flowsReceived: 0, duplicatesDropped: 0, invalidMessages: 0, reconnects: 0 };
  state: SubscriptionState = 'connecting';
  lastError: RelayErrorInfo | undefined;
  /** Newest flow time seen (epoch ms): the resume cursor. */
  cursor: number | undefined;
  private readonly seen: RecentIds;
  private call: grpc.ClientReadableStream<unknown> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private stopped = false;

  constructor(
    private readonly client: RelayObserverClient,
    private readonly address: string,
    private readonly options: FlowSubscriptionOptions,
  ) {
    this.seen = new RecentIds(options.dedupeCapacity ?? 65_536);
    this.cursor = options.since;
  }

  start(): void {
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.call?.cancel();
    this.call = undefined;
    this.setState('stopped');
  }

  /** The request for the next connection: a backlog the first time, `since` = cursor afterwards. */
  request(): RelayGetFlowsRequest {
    const base: RelayGetFlowsRequest = { follow: true, whitelist: this.options.whitelist ?? [], blacklist: this.options.blacklist ?? [] };
    if (this.cursor !== undefined) return { ...base, since: toTimestamp(this.cursor) };
    return { ...base, number: this.options.backlog ?? 1000 };
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      await waitForRelay(this.client, this.options.dialTimeoutMs ?? 5_000);
    } catch (error) {
      // waitForReady only says "deadline"; a short unary call carries the channel's last error (TLS, refused...).
      const detail = await probeChannelError(this.client);
      this.retry(classifyRelayError(detail ?? error, this.address));
      return;
    }
    if (this.stopped) return;
    // A resumed stream re-sends what it holds from `since` on: check uuids until that overlap is surely past.
    this.seen.openWindow();
    const call = this.client.GetFlows(this.request());
    this.call = call;
    let delivered = false;
    call.on('metadata', () => this.markConnected());
    call.on('data', (message: unknown) => {
      if (!delivered) {
        delivered = true;
        this.markConnected();
      }
      this.handle(message);
    });
    call.on('error', (error: grpc.ServiceError) => {
      if (this.call !== call) return;
      this.call = undefined;
      if (this.stopped) return;
      this.retry(classifyRelayError(error, this.address));
    });
    call.on('end', () => {
      if (this.call !== call) return;
      this.call = undefined;
      if (!this.stopped) this.retry({ code: 'STREAM_ENDED', recoverable: true, message: 'the relay closed the flow stream', hint: 'Reconnecting; flows resume from the last one received.' });
    });
  }

  private markConnected(): void {
    if (this.state === 'connected') return;
    this.attempt = 0;
    this.lastError = undefined;
    this.setState('connected');
  }

  private handle(message: unknown): void {
    const event = toRelayEvent(message);
    switch (event.kind) {
      case 'flow':
        this.acceptFlow(event.flow);
        break;
      case 'node_status':
        this.options.onNodeStatus?.(event.event);
        break;
      case 'lost_events':
        this.options.onLostEvents?.(event.event);
        break;
      case 'invalid':
        this.counters.invalidMessages += 1;
        this.options.onInvalid?.(event.reason);
        break;
      default:
        break;
    }
  }

  private acceptFlow(flow: Flow): void {
    if (!this.seen.add(flow.uuid)) {
      this.counters.duplicatesDropped += 1;
      return;
    }
    this.counters.flowsReceived += 1;
    if (this.cursor === undefined || flow.time > this.cursor) this.cursor = flow.time;
    this.options.onFlow(flow);
  }

  private retry(error: RelayErrorInfo): void {
    if (this.stopped) return;
    this.lastError = error;
    this.counters.reconnects += 1;
    this.setState('reconnecting', error);
    const delay = this.nextDelay(error);
    this.timer = setTimeout(() => void this.connect(), delay);
    this.timer.unref?.();
  }

  /** Exponential backoff with ±20% jitter; configuration errors wait the maximum. */
  private nextDelay(error: RelayErrorInfo): number {
    const initial = this.options.initialBackoffMs ?? 500;
    const max = this.options.maxBackoffMs ?? 30_000;
    const base = error.recoverable ? Math.min(max, initial * 2 ** this.attempt) : max;
    this.attempt += 1;
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  private setState(state: SubscriptionState, error?: RelayErrorInfo): void {
    this.state = state;
    this.options.onState?.(state, error);
  }
}

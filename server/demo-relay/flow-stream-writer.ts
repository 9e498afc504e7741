import type * as grpc from '@grpc/grpc-js';
import type { ServerHttp2Stream } from 'node:http2';
import { FlowRing } from './flow-ring';
import type { RelayFlowEvent } from './relay-event';
import type { RelaySubscriber } from './relay-state';
import { ACCEPT_ALL, type FlowPredicate } from './flow-filter';
import type { WireObject } from './wire-endpoint';
import type { ResponseSerializer } from './flow-template';
import { frameGrpcMessages } from './frame-grpc-messages';
import { findHttp2Stream } from './max-speed';

/**
 * Writes one GetFlows stream: first the backlog, then (when following) live flows as they are published. It
 * respects backpressure (a `write` returning false pauses until 'drain') and keeps memory bounded: live flows
 * wait in a fixed-size ring, and when a slow client lets it overflow the oldest are dropped and reported as
 * `lost_events {source: HUBBLE_RING_BUFFER}`, as a Hubble agent does when a reader falls behind its ring.
 */

/** Options of a {@link FlowStreamWriter}. */
export interface FlowStreamWriterOptions {
  call: grpc.ServerWritableStream<unknown, unknown>;
  predicate: FlowPredicate;
  /** Live flows buffered for a slow client before the oldest are dropped. */
  capacity: number;
  /** End the stream once the backlog is written (non-follow requests). */
  endAfterBacklog: boolean;
  /** End the stream at the first flow later than this (µs). */
  untilUs?: number;
  /** Nodes whose flows this stream does not receive (unavailable when it started). */
  excludedNodes?: Iterable<string>;
  /** The stream's backlog query re-run on one node (a recovered agent: the relay re-sends the request). */
  backlogFor?: (node: string) => RelayFlowEvent[];
  /** Wall clock in ms. Default: Date.now. */
  now?: () => number;
  /** Turns a flow into what is written. Default: its encoded GetFlowsResponse. */
  render?: (event: RelayFlowEvent) => Buffer | WireObject;
  /**
   * The GetFlowsResponse serializer. With it, every message after the first (whose write makes grpc-js send the
   * response headers) goes straight to the call's HTTP/2 stream, many per write (max-speed.ts's direct transport):
   * grpc-js keeps one message in flight per stream, so on a busy machine a client got about 100 flows/s of the
   * 10,000/s a replay offered (bench:map). Without it, or when grpc-js hides its stream, each goes through grpc-js.
   */
  serialize?: ResponseSerializer;
}

/** Bytes gathered for one direct HTTP/2 write. */
const DIRECT_WRITE_BYTES = 65_536;

/** The message a relay sends when a node's stream fails. */
export function nodeErrorMessage(node: string): string {
  return `rpc error: code = Unavailable desc = connection to ${node} lost`;
}

/** A GetFlows stream writer; subscribe it to the relay state for follow requests. */
export class FlowStreamWriter implements RelaySubscriber {
  private readonly queue: FlowRing<RelayFlowEvent>;
  private readonly controls: WireObject[] = [];
  private readonly excluded: Set<string>;
  private lost = 0;
  private lostNode = '';
  private blocked = false;
  private closed = false;
  /** The HTTP/2 stream written directly once the first message went through grpc-js (null: never). */
  private direct: ServerHttp2Stream | null | undefined;
  private wroteFirst = false;
  /** Flows written to the client. */
  sent = 0;
  /** Flows dropped because the client was too slow. */
  dropped = 0;

  constructor(private readonly options: FlowStreamWriterOptions, backlog: RelayFlowEvent[]) {
    this.queue = new FlowRing(backlog.length + Math.max(1, options.capacity));
    for (const e of backlog) this.queue.push(e);
    this.excluded = new Set(options.excludedNodes ?? []);
    options.call.on('cancelled', () => this.close());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Queues a control response (node_status, lost_events) ahead of pending flows. */
  control(response: WireObject): void {
    if (this.closed) return;
    if (this.controls.length >= 64) this.controls.shift();
    this.controls.push(response);
    this.flush();
  }

  onFlow(event: RelayFlowEvent): void {
    if (this.closed || this.excluded.has(event.nodeName)) return;
    if (this.options.predicate !== ACCEPT_ALL && !this.options.predicate(event.flow())) return;
    if (this.options.untilUs !== undefined && event.timeUs > this.options.untilUs) return this.end();
    this.enqueue(event);
    this.flush();
  }

  private enqueue(event: RelayFlowEvent): void {
    const evicted = this.queue.push(event);
    if (evicted) {
      this.lost++;
      this.dropped++;
      this.lostNode ||= evicted.nodeName;
    }
  }

  onNodeDown(node: string): void {
    this.excluded.add(node);
    this.control(this.status('NODE_ERROR', [node], nodeErrorMessage(node)));
  }

  onNodeUp(node: string): void {
    this.excluded.delete(node);
    this.control(this.status('NODE_CONNECTED', [node]));
    if (this.closed) return;
    for (const e of this.options.backlogFor?.(node) ?? []) this.enqueue(e);
    this.flush();
  }

  onEvent(response: WireObject): void {
    this.control(response);
  }

  /** Writes as much as the stream accepts. */
  flush(): void {
    while (!this.blocked && !this.closed) {
      const stream = this.directStream();
      const chunk = stream ? this.nextBatch() : this.nextChunk();
      if (chunk === undefined) {
        if (this.options.endAfterBacklog) this.end();
        return;
      }
      const target = stream ?? this.options.call;
      this.wroteFirst = true;
      if (!target.write(chunk)) {
        this.blocked = true;
        target.once('drain', () => {
          this.blocked = false;
          this.flush();
        });
      }
    }
  }

  private directStream(): ServerHttp2Stream | undefined {
    // NOTE: decided after the first write only: that write has left grpc-js (nothing of it queued there to overtake).
    if (this.direct === undefined && this.wroteFirst) this.direct = (this.options.serialize && findHttp2Stream(this.options.call)) || null;
    return this.direct ?? undefined;
  }

  /** Pending messages, framed as gRPC frames them, up to about DIRECT_WRITE_BYTES. */
  private nextBatch(): Buffer | undefined {
    const messages: Buffer[] = [];
    for (let bytes = 0; bytes < DIRECT_WRITE_BYTES; ) {
      const chunk = this.nextChunk();
      if (chunk === undefined) break;
      const message = Buffer.isBuffer(chunk) ? chunk : this.options.serialize!(chunk);
      messages.push(message);
      bytes += 5 + message.length;
    }
    return messages.length ? frameGrpcMessages(messages) : undefined;
  }

  /** Ends the stream with status OK once pending writes are flushed. */
  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.options.call.end();
  }

  /** Fails the stream with a gRPC status (e.g. UNAVAILABLE to simulate a relay restart). */
  abort(code: grpc.status, details: string): void {
    if (this.closed) return;
    this.closed = true;
    this.options.call.emit('error', { code, details });
  }

  close(): void {
    this.closed = true;
  }

  private nextChunk(): Buffer | WireObject | undefined {
    if (this.lost > 0) {
      const response = this.lostEvents();
      this.lost = 0;
      this.lostNode = '';
      return response;
    }
    if (this.controls.length) return this.controls.shift();
    const event = this.queue.shift();
    if (!event) return undefined;
    this.sent++;
    return this.options.render ? this.options.render(event) : event.encode();
  }

  private lostEvents(): WireObject {
    return {
      lost_events: { source: 'HUBBLE_RING_BUFFER', num_events_lost: this.lost },
      node_name: this.lostNode,
      time: this.timestamp(),
    };
  }

  private status(state: string, nodes: string[], message = ''): WireObject {
    return { node_status: { state_change: state, node_names: nodes, ...(message ? { message } : {}) }, time: this.timestamp() };
  }

  private timestamp(): { seconds: number; nanos: number } {
    const ms = (this.options.now ?? Date.now)();
    return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 };
  }
}

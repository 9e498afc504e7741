import * as grpc from '@grpc/grpc-js';
import { compileFlowFilters, FlowFilterError, type FlowPredicate } from './flow-filter';
import { FlowStreamWriter } from './flow-stream-writer';
import { pumpMaxSpeed, type MaxSpeedOptions, type MaxSpeedPump } from './max-speed';
import type { RelayState, BacklogQuery } from './relay-state';
import type { RelayFlowEvent } from './relay-event';
import type { ResponseSerializer } from './flow-template';
import type { PoolCursor } from './encoded-flow-pool';

/**
 * `/observer.Observer/GetFlows` of the demo relay: validates the request like Hubble (first + follow is
 * INVALID_ARGUMENT, unsupported filters too), announces the nodes (NODE_CONNECTED, then NODE_UNAVAILABLE),
 * writes the matching backlog of every available node's ring merged by time, and in follow mode keeps the
 * stream subscribed to new flows (or, in max-speed mode, pumps pre-encoded flows).
 */

/** What the handler needs from the server. */
export interface GetFlowsContext {
  state: RelayState;
  serialize: ResponseSerializer;
  /** Live flows buffered per slow stream before the oldest are dropped. */
  followCapacity: number;
  /** Tracks open writers (for closing all streams). Returns the unregister function. */
  track(writer: FlowStreamWriter): () => void;
  /** Max-speed mode: a cursor over the pre-encoded flows the stream's filters keep (`filterKey` names them). */
  maxSpeed?: { cursorFor(filterKey: string, predicate: FlowPredicate | undefined): PoolCursor; options: MaxSpeedOptions; onPump(pump: MaxSpeedPump): void };
  now: () => number;
}

type Obj = Record<string, unknown>;
type Call = grpc.ServerWritableStream<unknown, unknown>;

function timestampUs(v: unknown): number | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const t = v as { seconds?: unknown; nanos?: unknown };
  return Number(t.seconds ?? 0) * 1e6 + Math.floor(Number(t.nanos ?? 0) / 1000);
}

function fail(call: Call, code: grpc.status, details: string): void {
  call.emit('error', { code, details });
}

/** Handles one GetFlows call. */
export function handleGetFlows(ctx: GetFlowsContext, call: Call): void {
  const req = (call.request ?? {}) as Obj;
  const follow = req.follow === true;
  if (req.first === true && follow) return fail(call, grpc.status.INVALID_ARGUMENT, 'first cannot be specified with follow');
  let predicate: FlowPredicate;
  try {
    predicate = compileFlowFilters((req.whitelist as Obj[]) ?? [], (req.blacklist as Obj[]) ?? []);
  } catch (error) {
    if (error instanceof FlowFilterError) return fail(call, grpc.status.INVALID_ARGUMENT, error.message);
    throw error;
  }
  const query: BacklogQuery = {
    number: Number(req.number ?? 0),
    first: req.first === true,
    follow,
    sinceUs: timestampUs(req.since),
    untilUs: timestampUs(req.until),
    predicate,
  };
  const available = ctx.state.availableNodes();
  const unavailable = ctx.state.unavailableNodes();
  const status = (state: string, names: string[]) => ({ node_status: { state_change: state, node_names: names }, time: nowTimestamp(ctx.now()) });
  if (follow && ctx.maxSpeed) return startMaxSpeed(ctx, call, status('NODE_CONNECTED', available.map((n) => n.name)), predicate, req);

  const writer = new FlowStreamWriter(
    {
      call,
      predicate,
      capacity: ctx.followCapacity,
      endAfterBacklog: !follow,
      untilUs: query.untilUs,
      excludedNodes: unavailable.map((n) => n.name),
      backlogFor: (name) => ctx.state.backlog(query, [...ctx.state.nodes.values()].filter((n) => n.name === name)),
      now: ctx.now,
      render: fieldMaskRenderer(req.field_mask),
      serialize: ctx.serialize,
    },
    ctx.state.backlog(query, available),
  );
  const untrack = ctx.track(writer);
  const unsubscribe = follow ? ctx.state.subscribe(writer) : () => undefined;
  const cleanup = () => {
    unsubscribe();
    untrack();
  };
  call.on('cancelled', cleanup);
  call.on('finish', cleanup);
  call.on('error', cleanup);
  if (available.length) writer.control(status('NODE_CONNECTED', available.map((n) => n.name)));
  if (unavailable.length) writer.control(status('NODE_UNAVAILABLE', unavailable.map((n) => n.name)));
  writer.flush();
}

function startMaxSpeed(ctx: GetFlowsContext, call: Call, connected: Obj, predicate: FlowPredicate, req: Obj): void {
  const filters = { whitelist: (req.whitelist as unknown[]) ?? [], blacklist: (req.blacklist as unknown[]) ?? [] };
  const filtered = filters.whitelist.length > 0 || filters.blacklist.length > 0;
  const cursor = ctx.maxSpeed!.cursorFor(filtered ? JSON.stringify(filters) : '', filtered ? predicate : undefined);
  // NOTE: this first write also sends the response headers, which the direct transport relies on.
  call.write(connected);
  const pump = pumpMaxSpeed(call, cursor, ctx.maxSpeed!.options);
  ctx.maxSpeed!.onPump(pump);
}

/**
 * With a `field_mask` (`{paths: ['source.namespace', 'verdict', ...]}`, proto field names relative to the Flow),
 * flows are sent with only those fields, as Hubble does.
 */
function fieldMaskRenderer(mask: unknown): ((event: RelayFlowEvent) => Obj) | undefined {
  const paths = ((mask as { paths?: unknown } | undefined)?.paths ?? []) as string[];
  if (!Array.isArray(paths) || paths.length === 0) return undefined;
  const split = paths.map((p) => String(p).split('.'));
  return (event) => {
    const response = event.response();
    const flow = (response.flow ?? {}) as Obj;
    const masked: Obj = {};
    for (const path of split) copyPath(flow, masked, path);
    return { ...response, flow: masked };
  };
}

function copyPath(from: Obj, to: Obj, path: string[]): void {
  const [head, ...rest] = path;
  const value = from[head];
  if (value === undefined) return;
  if (rest.length === 0 || typeof value !== 'object' || value === null || Array.isArray(value)) {
    to[head] = value;
    return;
  }
  const child = (to[head] ??= {}) as Obj;
  copyPath(value as Obj, child, rest);
}

function nowTimestamp(ms: number): { seconds: number; nanos: number } {
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 };
}

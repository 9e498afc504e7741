import type { Endpoint, Flow } from '../flow/flow';

/** Options of {@link createConnectionTracker}. */
export interface ConnectionTrackerOptions {
  /**
   * How long (ms of flow time) after its latest event a connection is still recognised. Events of one connection
   * closer than this are merged; an entry is forgotten between one and two windows after its latest event.
   * Default: 30000 (covers the relay's ~1 s sort buffer, node clock skew and SYN retransmits of a dropped connection).
   */
  windowMs?: number;
  /** Entries per generation before an early rotation, so memory stays bounded under churn. Default: 200000. */
  maxEntries?: number;
}

/** What the tracker remembers about one connection; `T` is the aggregator's edge state. */
export interface ConnectionEntry<T> {
  /** The edge the connection was counted on. */
  edge: T;
  /** Index (in `VERDICTS`) of the verdict the connection is counted under. */
  verdict: number;
  /** True once a policy-verdict event (event type 5) decided the counted verdict. */
  fromPolicyVerdict: boolean;
  /** Policy directions already reported by policy-verdict events (AUDIT_EGRESS / AUDIT_INGRESS bits). */
  directions: number;
  /** Flow time the connection was counted at (its time bucket). */
  countedAt: number;
  /** Flow time of its latest event. */
  lastTime: number;
}

/**
 * Recently seen connections keyed by 5-tuple, in two generations: lookups hit the current one, then the previous;
 * every `windowMs` of flow time (or `maxEntries` inserts) the current becomes the previous and the oldest is dropped.
 * No per-entry timers, no sweeps, bounded memory.
 */
export interface ConnectionTracker<T> {
  current: Map<string, ConnectionEntry<T>>;
  previous: Map<string, ConnectionEntry<T>>;
  rotatedAt: number;
  readonly windowMs: number;
  readonly maxEntries: number;
}

/** Creates an empty {@link ConnectionTracker}. */
export function createConnectionTracker<T>(options: ConnectionTrackerOptions = {}): ConnectionTracker<T> {
  return { current: new Map(), previous: new Map(), rotatedAt: -Infinity, windowMs: options.windowMs ?? 30000, maxEntries: options.maxEntries ?? 200000 };
}

/**
 * The connection key of a flow: protocol, source address and port, destination address and port. Addresses are
 * IPs; a flow without IPs (field-masked export) falls back to namespace/pod name or the security identity.
 * ICMP has no ports (and the model keeps no echo id); its type stands in for them, so pings between the same
 * two addresses within the window count as one connection.
 */
export function connectionKeyOf(flow: Flow): string {
  const l4 = flow.l4;
  const src = flow.ip.source || endpointKeyOf(flow.source);
  const dst = flow.ip.destination || endpointKeyOf(flow.destination);
  if (l4 === undefined) return `?|${src}|${dst}`;
  if ('sourcePort' in l4) return `${l4.protocol}|${src}|${l4.sourcePort}|${dst}|${l4.destinationPort}`;
  return `${l4.protocol}|${src}|${dst}|${l4.type}`;
}

/** The key the reply direction of `flow` would have (source and destination swapped). */
export function reverseConnectionKeyOf(flow: Flow): string {
  const l4 = flow.l4;
  const src = flow.ip.destination || endpointKeyOf(flow.destination);
  const dst = flow.ip.source || endpointKeyOf(flow.source);
  if (l4 === undefined) return `?|${src}|${dst}`;
  if ('sourcePort' in l4) return `${l4.protocol}|${src}|${l4.destinationPort}|${dst}|${l4.sourcePort}`;
  return `${l4.protocol}|${src}|${dst}|${l4.type}`;
}

/** The live entry for `key` at flow time `time`, or undefined. Rotates generations as flow time advances. */
export function lookupConnection<T>(tracker: ConnectionTracker<T>, key: string, time: number): ConnectionEntry<T> | undefined {
  if (time - tracker.rotatedAt >= tracker.windowMs) rotate(tracker, time);
  let entry = tracker.current.get(key);
  if (entry === undefined) {
    entry = tracker.previous.get(key);
    if (entry === undefined) return undefined;
    // Promote, so a connection that stays busy is never forgotten.
    tracker.previous.delete(key);
    tracker.current.set(key, entry);
  }
  if (time - entry.lastTime > tracker.windowMs) return undefined;
  return entry;
}

/** Remembers a newly counted connection. */
export function rememberConnection<T>(tracker: ConnectionTracker<T>, key: string, entry: ConnectionEntry<T>): void {
  if (tracker.current.size >= tracker.maxEntries) rotate(tracker, Math.max(tracker.rotatedAt, entry.lastTime));
  tracker.current.set(key, entry);
}

function rotate<T>(tracker: ConnectionTracker<T>, time: number): void {
  tracker.previous = tracker.current;
  tracker.current = new Map();
  tracker.rotatedAt = time;
}

function endpointKeyOf(endpoint: Endpoint): string {
  if (endpoint.podName) return `${endpoint.namespace}/${endpoint.podName}`;
  return `#${endpoint.identity}`;
}

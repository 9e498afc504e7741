import 'server-only';
import type { Flow, LostEvent } from '@/lib/flow/flow';
import { FlowSubscription, type SubscriptionState } from '../hubble/flow-subscription';
import type { RelayFlowFilter, RelayObserverClient } from '../hubble/relay-client';

/**
 * Where the ingester's flows come from: the relay in production, an in-process fake in tests. A source
 * behaves like a `GetFlows` follow stream started at `since`: the backlog from `since`, then live flows.
 */

/** Callbacks of a {@link FlowSource}. */
export interface FlowSourceHandlers {
  onFlow(flow: Flow): void;
  onState?(state: SubscriptionState, detail?: string): void;
  onLost?(event: LostEvent): void;
}

/** A startable stream of flows. `start` is called once; `stop` ends it for good. */
export interface FlowSource {
  start(since: number, handlers: FlowSourceHandlers): void;
  stop(): void;
}

/**
 * What the ingest subscribes to. (1) Policy verdicts (event type 5) with AUDIT or DROPPED: the findings.
 * (2) DNS L7 records (event type 129): only to learn which resolver each workload uses, for the DNS companion
 * rule of FQDN findings. A second filter on the same stream (filters are OR'ed) costs no second connection, and
 * FQDN findings only exist where the DNS proxy runs, which is exactly where these records are emitted.
 */
export const INGEST_WHITELIST: RelayFlowFilter[] = [
  { verdict: ['AUDIT', 'DROPPED'], event_type: [{ type: 5 }] },
  { event_type: [{ type: 129 }], protocol: ['dns'] },
];

/** Options of {@link relayFlowSource}. */
export interface RelayFlowSourceOptions {
  /** Default: 5000 ms. */
  dialTimeoutMs?: number;
}

/** The relay as a flow source: a resilient {@link FlowSubscription} with {@link INGEST_WHITELIST}. */
export function relayFlowSource(client: RelayObserverClient, address: string, options: RelayFlowSourceOptions = {}): FlowSource {
  let subscription: FlowSubscription | undefined;
  return {
    start(since, handlers) {
      subscription = new FlowSubscription(client, address, {
        whitelist: INGEST_WHITELIST,
        since,
        dialTimeoutMs: options.dialTimeoutMs,
        onFlow: handlers.onFlow,
        onLostEvents: handlers.onLost,
        onState: (state, error) => handlers.onState?.(state, error?.message),
      });
      subscription.start();
    },
    stop() {
      subscription?.stop();
    },
  };
}

/**
 * Shapes shared by the server's live API and the browser: relay status, namespace summaries and the SSE
 * payloads. Plain JSON data.
 */
import type { Flow, NodeStatusEvent, Verdict } from '../flow/flow';

/** Connection state of the relay stream as users see it. */
export type RelayConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'down';

/** A relay node as `GetNodes` reports it. */
export interface RelayNode {
  name: string;
  version: string;
  address: string;
  state: string;
  numFlows: number;
  maxFlows: number;
  seenFlows: number;
  uptimeNs: number;
  tls: boolean;
}

/** What `GET /api/status` returns and the status bar shows. */
export interface RelayStatus {
  /** `host:port` of the relay; for the embedded demo relay, its loopback address. */
  address: string;
  demo: boolean;
  tls: boolean;
  state: RelayConnectionState;
  /** When `state` last changed (epoch ms). */
  stateSince: number;
  lastError: { code: string; message: string; hint: string; at: number } | undefined;
  version: string;
  numConnectedNodes: number | undefined;
  numUnavailableNodes: number | undefined;
  unavailableNodes: string[];
  nodes: RelayNode[];
  /** The relay's own flows/s estimate over the last minute (`flows_rate`). */
  relayFlowsRate: number;
  /** Flows/s Lockstep received over the last 10 s. */
  ingestRate: number;
  numFlows: number;
  maxFlows: number;
  seenFlows: number;
  uptimeNs: number;
  lostEvents: { total: number; bySource: Record<string, number>; lastAt: number | undefined };
  nodeEvents: NodeStatusEvent[];
  flowsIngested: number;
  duplicatesDropped: number;
  invalidMessages: number;
  reconnects: number;
}

/** One namespace with its verdict counters since Lockstep started. */
export interface NamespaceSummary {
  name: string;
  /** Flow counts by verdict name (FORWARDED, DROPPED, AUDIT, ...). */
  verdicts: Partial<Record<Verdict, number>>;
  flows: number;
  lastSeen: number | undefined;
}

/** SSE `flows` event payload. `skipped` counts flows this client did not get because it was too slow. */
export interface FlowBatch {
  flows: Flow[];
  skipped: number;
}

/** The SSE event names Lockstep sends. */
export type LiveEventName = 'flows' | 'status' | 'namespaces' | 'graph' | 'skipped';

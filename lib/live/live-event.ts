import type { Flow } from '../flow/flow';
import type { GraphDelta } from '../graph/graph';
import type { NamespaceGraph } from '../graph/namespace-graph';
import type { GraphWindow } from '../graph/windowed-graph';
import type { NamespaceSummary, RelayStatus } from './types';

/** State of the browser's live connection (shared by the tabs of a browser), always shown to the user. */
export type StreamConnection = 'connecting' | 'open' | 'reconnecting';

/**
 * One thing that happened on the live stream, as the tabs of a browser pass it between them: the SSE events of
 * `GET /api/stream` plus the state of the connection itself. Plain JSON (it crosses a BroadcastChannel).
 */
export type LiveEvent =
  | { kind: 'connection'; state: StreamConnection }
  | { kind: 'status'; status: RelayStatus }
  | { kind: 'namespaces'; namespaces: NamespaceSummary[] }
  | { kind: 'flows'; flows: Flow[]; skipped: number }
  | { kind: 'graph'; namespace: string; window: GraphWindow; snapshot?: NamespaceGraph; delta?: GraphDelta };

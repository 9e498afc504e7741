import { encodeGetFlowsResponse, toGetFlowsResponse, toWireFlow, type GeneratedFlow, type ResponseSerializer } from './flow-template';
import { responseTimeUs } from './replay-source';
import type { WireObject } from './wire-endpoint';

/**
 * A flow held by the demo relay: produced by the generator (a template plus a few numbers) or read from a
 * capture (a complete wire object). The wire object and the encoded bytes are built lazily and kept, so a flow
 * fanned out to several streams is encoded once.
 */
export interface RelayFlowEvent {
  /** Relay-wide arrival order. */
  readonly seq: number;
  /** Flow time in µs since the epoch. */
  readonly timeUs: number;
  /** The observing node (`cluster/node`). */
  readonly nodeName: string;
  /** Namespaces of the flow's endpoints. */
  readonly namespaces: readonly string[];
  /** Cluster of the flow's endpoints (empty when unknown). */
  readonly clusterName: string;
  /** The wire `flow.Flow` (for filters). */
  flow(): WireObject;
  /** The GetFlowsResponse object. */
  response(): WireObject;
  /** The encoded GetFlowsResponse. */
  encode(): Buffer;
}

/** Wraps a generated flow. */
export function generatedEvent(seq: number, f: GeneratedFlow, serialize: ResponseSerializer, clusterName: string): RelayFlowEvent {
  let flow: WireObject | undefined;
  let bytes: Buffer | undefined;
  return {
    seq,
    timeUs: f.timeUs,
    nodeName: f.template.nodeName,
    namespaces: f.template.namespaces,
    clusterName,
    flow: () => (flow ??= toWireFlow(f)),
    response: () => toGetFlowsResponse(f),
    encode: () => (bytes ??= encodeGetFlowsResponse(f, serialize)),
  };
}

type Obj = Record<string, unknown>;

/** Wraps a GetFlowsResponse object carrying a flow (from a capture). */
export function objectEvent(seq: number, response: WireObject, serialize: ResponseSerializer, receivedUs: number): RelayFlowEvent {
  const flow = (response.flow ?? {}) as Obj;
  const source = (flow.source ?? {}) as Obj;
  const destination = (flow.destination ?? {}) as Obj;
  const namespaces = [source.namespace, destination.namespace].filter((n): n is string => typeof n === 'string' && n !== '');
  const clusterName = [source.cluster_name, destination.cluster_name].find((c): c is string => typeof c === 'string' && c !== '') ?? '';
  let bytes: Buffer | undefined;
  return {
    seq,
    timeUs: responseTimeUs(response) ?? receivedUs,
    nodeName: String(response.node_name ?? flow.node_name ?? ''),
    namespaces,
    clusterName,
    flow: () => flow,
    response: () => response,
    encode: () => (bytes ??= serialize(response)),
  };
}

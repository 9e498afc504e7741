import { encodeGetFlowsResponse, toGetFlowsResponse, toWireFlow, type GeneratedFlow, type ResponseSerializer } from './flow-template';
import type { PlayedResponse } from './replay-source';
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

/** Wraps a response played from a capture: sent as the bytes the replay encoded, its object built only when asked for. */
export function playedEvent(seq: number, played: PlayedResponse, serialize: ResponseSerializer, receivedUs: number): RelayFlowEvent {
  let bytes = played.bytes;
  return {
    seq,
    timeUs: played.timeUs ?? receivedUs,
    ...describe(played.original),
    flow: () => (played.response().flow ?? {}) as Obj,
    response: played.response,
    encode: () => (bytes ??= serialize(played.response())),
  };
}

/** Node, namespaces and cluster of a response's flow (the same before and after a replay shifts its times). */
function describe(response: WireObject): Pick<RelayFlowEvent, 'nodeName' | 'namespaces' | 'clusterName'> {
  const flow = (response.flow ?? {}) as Obj;
  const source = (flow.source ?? {}) as Obj;
  const destination = (flow.destination ?? {}) as Obj;
  const namespaces = [source.namespace, destination.namespace].filter((n): n is string => typeof n === 'string' && n !== '');
  const clusterName = [source.cluster_name, destination.cluster_name].find((c): c is string => typeof c === 'string' && c !== '') ?? '';
  return { nodeName: String(response.node_name ?? flow.node_name ?? ''), namespaces, clusterName };
}

import type * as grpc from '@grpc/grpc-js';
import type { Flow } from '@/lib/flow/flow';
import { toTimestamp, type RelayFlowFilter, type RelayObserverClient } from '../relay-client';
import { toRelayEvent } from '../to-flow';

/** Relay TLS off (test code: tests dial a local demo relay in plaintext). */
export const TLS_OFF = { enabled: false, caCertFiles: [], clientCertFile: undefined, clientKeyFile: undefined, serverName: undefined, allowInsecure: false };

/** A log that says nothing. */
export const quiet = { info: () => undefined, warn: () => undefined };

/** What the relay holds between `since` and `until` for `whitelist` (a non-follow GetFlows). */
export function relayHistory(client: RelayObserverClient, since: number, until: number, whitelist: RelayFlowFilter[]): Promise<Flow[]> {
  return new Promise((resolve, reject) => {
    const flows: Flow[] = [];
    const call = client.GetFlows({ since: toTimestamp(since), until: toTimestamp(until), whitelist }) as grpc.ClientReadableStream<unknown>;
    call.on('data', (message: unknown) => {
      const event = toRelayEvent(message);
      if (event.kind === 'flow') flows.push(event.flow);
    });
    call.on('error', reject);
    call.on('end', () => resolve(flows));
  });
}

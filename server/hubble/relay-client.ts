import 'server-only';
import fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import type { RelayTlsConfig } from '../config';
import { relayClientConstructor } from './proto';

/**
 * The gRPC client for Hubble Relay's `observer.Observer` service: channel credentials that mirror the hubble CLI
 * (`--tls`, `--tls-ca-cert-files`, `--tls-client-cert-file`/`--tls-client-key-file`, `--tls-server-name`,
 * `--tls-allow-insecure`), keepalive, and error classification.
 */

/** A wire `flow.FlowFilter` (proto field names). */
export type RelayFlowFilter = Record<string, unknown>;

/** A wire `observer.GetFlowsRequest`. */
export interface RelayGetFlowsRequest {
  number?: number;
  follow?: boolean;
  first?: boolean;
  whitelist?: RelayFlowFilter[];
  blacklist?: RelayFlowFilter[];
  since?: { seconds: number; nanos: number };
  until?: { seconds: number; nanos: number };
}

/** The Observer client as grpc-js builds it from the proto (methods are looked up by name). */
export type RelayObserverClient = grpc.Client & {
  GetFlows(request: RelayGetFlowsRequest, metadata?: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<unknown>;
  ServerStatus(request: object, options: grpc.CallOptions, callback: grpc.requestCallback<unknown>): grpc.ClientUnaryCall;
  GetNodes(request: object, options: grpc.CallOptions, callback: grpc.requestCallback<unknown>): grpc.ClientUnaryCall;
  GetNamespaces(request: object, options: grpc.CallOptions, callback: grpc.requestCallback<unknown>): grpc.ClientUnaryCall;
};

/** Channel options: keepalive so a dead relay is noticed within ~40 s even when no flows arrive. */
const CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_timeout_ms': 10_000,
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.max_receive_message_length': 16 * 1024 * 1024,
  // A larger HTTP/2 flow-control window (default 64 KiB, about 50 flows) lets a busy relay keep sending while we
  // decode, instead of waiting a round trip for every window update. Bounds in-flight data to 4 MiB.
  'grpc-node.flow_control_window': 4 * 1024 * 1024,
  'grpc.initial_reconnect_backoff_ms': 1_000,
  'grpc.max_reconnect_backoff_ms': 30_000,
};

/** Builds channel credentials from the TLS settings; reads certificate files (their content is never logged). */
export function relayCredentials(tls: RelayTlsConfig): grpc.ChannelCredentials {
  if (!tls.enabled) return grpc.credentials.createInsecure();
  const ca = tls.caCertFiles.length ? Buffer.concat(tls.caCertFiles.map((f) => readPem(f, 'CA certificate'))) : null;
  const key = tls.clientKeyFile ? readPem(tls.clientKeyFile, 'client key') : null;
  const cert = tls.clientCertFile ? readPem(tls.clientCertFile, 'client certificate') : null;
  const verify: grpc.VerifyOptions = tls.allowInsecure ? { rejectUnauthorized: false, checkServerIdentity: () => undefined } : {};
  return grpc.credentials.createSsl(ca, key, cert, verify);
}

function readPem(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new Error(`cannot read the relay TLS ${what} file ${file} (${code})`);
  }
}

/** Creates an Observer client for `address` (`host:port`). Connects lazily. */
export function createRelayClient(address: string, tls: RelayTlsConfig): RelayObserverClient {
  const options: grpc.ChannelOptions = { ...CHANNEL_OPTIONS };
  if (tls.enabled && tls.serverName) {
    options['grpc.ssl_target_name_override'] = tls.serverName;
    options['grpc.default_authority'] = tls.serverName;
  }
  const Client = relayClientConstructor();
  return new Client(address, relayCredentials(tls), options) as unknown as RelayObserverClient;
}

/** Waits until the channel is connected, or fails after `timeoutMs` (so an unreachable relay never hangs us). */
export function waitForRelay(client: grpc.Client, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    client.waitForReady(Date.now() + timeoutMs, (error) => (error ? reject(error) : resolve()));
  });
}

/** A relay error, classified for retry and explained for the user. */
export interface RelayErrorInfo {
  /** gRPC status name (e.g. `UNAVAILABLE`) or `CONNECT_TIMEOUT`. */
  code: string;
  /** Retry with backoff (true) or surface as a configuration problem that retries slowly (false). */
  recoverable: boolean;
  message: string;
  /** What the user can do about it. */
  hint: string;
}

const FATAL_CODES = new Set([grpc.status.UNIMPLEMENTED, grpc.status.INVALID_ARGUMENT, grpc.status.UNAUTHENTICATED, grpc.status.PERMISSION_DENIED]);

/** Classifies an error from a relay call, after hubble-ui's `isRecoverableError`. */
export function classifyRelayError(error: unknown, address: string): RelayErrorInfo {
  const e = error as Partial<grpc.ServiceError> & { message?: string };
  const message = String(e?.details || e?.message || error);
  if (typeof e?.code !== 'number') {
    if (/deadline|Failed to connect before/i.test(message)) {
      return { code: 'CONNECT_TIMEOUT', recoverable: true, message: `no connection to ${address}: ${message}`, hint: hintFor(message, address) };
    }
    return { code: 'UNKNOWN', recoverable: true, message, hint: hintFor(message, address) };
  }
  const code = grpc.status[e.code] ?? String(e.code);
  return { code, recoverable: !FATAL_CODES.has(e.code), message, hint: hintFor(message, address, e.code) };
}

function hintFor(message: string, address: string, code?: number): string {
  if (/wrong version number|WRONG_VERSION_NUMBER|packet length too long|http_request/i.test(message)) {
    return 'TLS handshake failed: the relay seems to serve plaintext. Port 80 of hubble-relay is plaintext, 443 is TLS; unset HUBBLE_TLS or use the TLS port.';
  }
  if (/certificate|self[- ]signed|unable to verify|altnames|Hostname\/IP does not match/i.test(message)) {
    return 'The relay certificate was not accepted: set HUBBLE_TLS_CA_CERT_FILES to the Hubble CA and HUBBLE_TLS_SERVER_NAME to ui.hubble-relay.cilium.io.';
  }
  if (/Protocol error|Received HTTP status code|RST_STREAM|Connection dropped|ECONNRESET/i.test(message)) {
    return 'The connection was reset: if the relay serves TLS (port 443), set HUBBLE_TLS=true with its CA.';
  }
  if (/ECONNREFUSED/i.test(message)) return `Nothing listens on ${address}: check HUBBLE_RELAY_ADDR and that hubble-relay is running.`;
  if (/ENOTFOUND|EAI_AGAIN|Name resolution failed|DNS resolution failed/i.test(message)) return `The relay host in ${address} does not resolve.`;
  if (code === grpc.status.UNIMPLEMENTED) return 'The server is not a Hubble Relay (or is too old for this API).';
  if (code === grpc.status.UNAUTHENTICATED || code === grpc.status.PERMISSION_DENIED) return 'The relay requires mTLS: set HUBBLE_TLS_CLIENT_CERT_FILE and HUBBLE_TLS_CLIENT_KEY_FILE.';
  if (/deadline|Failed to connect before/i.test(message)) return `No answer from ${address}: a firewall, a wrong port, or the relay is down.`;
  return 'Lockstep keeps retrying with backoff.';
}

/** Calls a unary Observer method with a deadline. */
export function callUnary<T>(client: RelayObserverClient, method: 'ServerStatus' | 'GetNodes' | 'GetNamespaces', timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    client[method]({}, { deadline: Date.now() + timeoutMs }, (error, value) => (error ? reject(error) : resolve(value as T)));
  });
}

/** The namespace filter as Hubble's own tools write it: `{source_pod:["ns/"]}` OR `{destination_pod:["ns/"]}`. */
export function namespaceWhitelist(namespace: string, extra: RelayFlowFilter = {}): RelayFlowFilter[] {
  return [
    { ...extra, source_pod: [`${namespace}/`] },
    { ...extra, destination_pod: [`${namespace}/`] },
  ];
}

/** A `google.protobuf.Timestamp` from epoch milliseconds and extra nanoseconds. */
export function toTimestamp(ms: number, nanos = 0): { seconds: number; nanos: number } {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1_000_000 + nanos };
}

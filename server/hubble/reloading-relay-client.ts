import 'server-only';
import fs from 'node:fs';
import type { RelayTlsConfig } from '../config';
import { createRelayClient, type RelayObserverClient } from './relay-client';

/**
 * A relay client that follows its TLS files: certificates rotate (cert-manager renews Hubble's every few
 * months), and a client built once would keep presenting (or trusting) the old pair until Lockstep restarts. The
 * CA, client certificate and key files are checked every `checkMs`; when their content changed, a new channel is
 * built with the new files and the old one closed, which ends its streams: the relay monitor and the ingest
 * reconnect as after any relay error, now through the new channel. A file that cannot be read keeps the
 * current channel (and says so once), so a half-written rotation never takes the stream down.
 */

/** Options of {@link createReloadingRelayClient}. */
export interface ReloadingRelayClientOptions {
  /** How often the files are checked. Default: 30 s. */
  checkMs?: number;
  /** Told about reloads and unreadable files. Default: console. */
  log?: (message: string) => void;
}

/** The client (use it as any relay client) and `stop()`, which ends the file checks. */
export function createReloadingRelayClient(address: string, tls: RelayTlsConfig, options: ReloadingRelayClientOptions = {}): { client: RelayObserverClient; reload(): boolean; stop(): void } {
  const log = options.log ?? ((m: string) => console.info(`[lockstep] relay TLS: ${m}`));
  const files = tls.enabled ? [...tls.caCertFiles, tls.clientCertFile, tls.clientKeyFile].filter((f): f is string => !!f) : [];
  const fingerprint = () => files.map((f) => fs.readFileSync(f).toString('base64')).join('|');
  let current = createRelayClient(address, tls);
  let seen = files.length ? fingerprint() : '';
  let warned = false;
  const reload = (): boolean => {
    let next: string;
    try {
      next = fingerprint();
    } catch (error) {
      if (!warned) log(`cannot read a TLS file (${(error as NodeJS.ErrnoException).code ?? 'error'}); keeping the current certificates`);
      warned = true;
      return false;
    }
    warned = false;
    if (next === seen) return false;
    const previous = current;
    current = createRelayClient(address, tls);
    seen = next;
    previous.close();
    log('certificate files changed; reconnecting with the new ones');
    return true;
  };
  const timer = files.length ? setInterval(reload, options.checkMs ?? 30_000) : undefined;
  timer?.unref();
  const client = new Proxy({} as RelayObserverClient, {
    get(_target, property) {
      const value = (current as unknown as Record<string | symbol, unknown>)[property];
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
  return { client, reload, stop: () => clearInterval(timer) };
}

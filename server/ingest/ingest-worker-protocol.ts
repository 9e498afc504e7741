import 'server-only';
import type { RelayTlsConfig } from '../config';
import type { CreateStoreOptions } from '../db/create-store';
import type { IngestServiceOptions, IngestStatus } from './ingest-service';

/** What the ingest thread starts from (structured-cloned: plain data only). */
export interface IngestWorkerData {
  db: { sqliteFile: string; url: string | undefined };
  storeOptions?: Pick<CreateStoreOptions, 'schema' | 'poolSize'>;
  relay: { address: string; tls: RelayTlsConfig; dialTimeoutMs: number };
  /** Ingest tuning (flush interval, batch size, buffer...); functions (log, clock) cannot cross threads. */
  options?: Omit<IngestServiceOptions, 'metrics' | 'log' | 'now'>;
  reportMs: number;
}

/** Main thread → ingest thread. */
export type IngestWorkerMessage = { type: 'stop' };

/** Ingest thread → main thread. */
export type IngestWorkerReport =
  | { type: 'report'; status: IngestStatus; metrics: { name: string; type: 'counter' | 'gauge'; labels: Record<string, string>; value: number }[] }
  | { type: 'log'; level: 'info' | 'warn'; message: string }
  | { type: 'stopped' };

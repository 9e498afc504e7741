import 'server-only';
import type { MetricsRegistry } from '../metrics';

/** Declares the ingest metrics (idempotent), next to the code that updates them. */
export function declareIngestMetrics(m: MetricsRegistry): MetricsRegistry {
  m.declare('lockstep_ingest_flows_total', 'counter', 'Policy-verdict flows handled by the persistent ingest, by result (stored, duplicate, stale).');
  m.declare('lockstep_ingest_dropped_total', 'counter', 'Flows dropped because the ingest buffer was full (the database was slower than the stream).');
  m.declare('lockstep_ingest_rereads_total', 'counter', 'Re-subscriptions from the oldest dropped flow after the buffer overflowed.');
  m.declare('lockstep_ingest_batches_total', 'counter', 'Ingest transactions, by result (ok, error).');
  m.declare('lockstep_ingest_buffer_flows', 'gauge', 'Flows waiting in the ingest buffer.');
  m.declare('lockstep_ingest_leader', 'gauge', '1 when this replica is the ingest leader.');
  m.declare('lockstep_ingest_cursor_seconds', 'gauge', 'Newest persisted flow time (epoch seconds): the resume cursor.');
  return m;
}

import 'server-only';
import { parentPort, workerData } from 'node:worker_threads';
import { createStore } from '../db/create-store';
import { createReloadingRelayClient } from '../hubble/reloading-relay-client';
import { declareThreadMemoryMetrics, MetricsRegistry, recordThreadMemory } from '../metrics';
import { relayFlowSource } from './flow-source';
import { declareIngestMetrics } from './ingest-metrics';
import { startIngestService } from './ingest-service';
import type { IngestWorkerData, IngestWorkerMessage, IngestWorkerReport } from './ingest-worker-protocol';

/**
 * The ingest thread's entry (see ingest-worker-service.ts): its own relay channel, `GetFlows` stream, decoder,
 * de-duplication, store connection and ingest service (leader lock included), so that none of it runs on the
 * thread that serves HTTP, the flow hub, the graph and SSE. It reports status and its ingest metrics every
 * `reportMs`, and on `stop` flushes, closes the store and answers `stopped`.
 */

async function main(data: IngestWorkerData): Promise<void> {
  const port = parentPort!;
  const store = await createStore(data.db, data.storeOptions);
  const relay = createReloadingRelayClient(data.relay.address, data.relay.tls);
  const metrics = declareIngestMetrics(new MetricsRegistry());
  declareThreadMemoryMetrics(metrics);
  const log = {
    info: (message: string) => port.postMessage({ type: 'log', level: 'info', message } satisfies IngestWorkerReport),
    warn: (message: string) => port.postMessage({ type: 'log', level: 'warn', message } satisfies IngestWorkerReport),
  };
  const source = () => relayFlowSource(relay.client, data.relay.address, { dialTimeoutMs: data.relay.dialTimeoutMs });
  const service = startIngestService(store, source, { ...data.options, metrics, log });
  const report = () => {
    recordThreadMemory(metrics, 'ingest');
    port.postMessage({ type: 'report', status: service.status(), metrics: metrics.cells() } satisfies IngestWorkerReport);
  };
  const timer = setInterval(report, data.reportMs);
  port.on('message', (message: IngestWorkerMessage) => {
    if (message.type !== 'stop') return;
    clearInterval(timer);
    void (async () => {
      await service.stop();
      relay.stop();
      relay.client.close();
      await store.close();
      report();
      port.postMessage({ type: 'stopped' } satisfies IngestWorkerReport);
    })();
  });
  report();
}

main(workerData as IngestWorkerData).catch((error: unknown) => {
  // An unhandled start failure ends the thread with this error; the service counts it and starts a new one.
  throw error instanceof Error ? error : new Error(String(error));
});

/**
 * A quick ingest throughput measurement (not a test): N AUDIT flows through a FakeRelay and the Ingester into a
 * fresh SQLite file and a fresh PostgreSQL schema, timed from start to the last commit.
 * Run: node --conditions=react-server --import tsx server/ingest/testing/measure-throughput.ts [flows] [distinctPorts]
 */
import type { Flow } from '@/lib/flow/flow';
import { createTestDatabase, testDialects } from '../../db/testing/test-databases';
import { Ingester } from '../ingester';
import { auditStream, FakeRelay, FIXED_TIME } from './fake-relay';

function stream(count: number, distinct: number): Flow[] {
  return auditStream(count, { stepMs: 1 }).map((flow, i) => {
    if (!flow.l4 || flow.l4.protocol !== 'TCP') return flow;
    return { ...flow, l4: { ...flow.l4, destinationPort: 1000 + (i % distinct) } };
  });
}

async function measure(dialect: 'sqlite' | 'postgres', flows: Flow[]): Promise<{ rate: number; findings: number }> {
  const target = createTestDatabase(dialect);
  try {
    const store = await target.open();
    const relay = new FakeRelay();
    relay.emit(flows);
    const ingester = new Ingester(store, () => relay.source(1000), {
      bufferCapacity: flows.length, now: () => FIXED_TIME + 3_600_000, log: { info: () => undefined, warn: console.warn },
    });
    const started = performance.now();
    await ingester.start();
    await relay.drained();
    await ingester.stop();
    const seconds = (performance.now() - started) / 1000;
    const total = (await store.ingest.state('relay'))?.flowsTotal;
    if (total !== flows.length) throw new Error(`stored ${total} of ${flows.length}`);
    return { rate: flows.length / seconds, findings: (await store.findings.list({ limit: 5000 })).length };
  } finally {
    await target.cleanup();
  }
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 100_000);
  const distinct = Number(process.argv[3] ?? 5);
  for (const dialect of await testDialects()) {
    const { rate, findings } = await measure(dialect, stream(count, distinct));
    console.log(`${dialect}: ${count} flows into ${findings} findings: ${Math.round(rate)} flows/s`);
  }
}

void main();

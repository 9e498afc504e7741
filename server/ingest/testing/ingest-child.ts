/**
 * A child process for the SIGKILL test (test code only): ingests a deterministic AUDIT stream from a FakeRelay into
 * the database given as JSON in argv[2] (`{sqliteFile?, url?, schema?, total}`), resuming from the persisted
 * cursor like a restarted server, and prints `stored <n>` after every batch and `done` at the end.
 * Run: node --conditions=react-server --import tsx server/ingest/testing/ingest-child.ts '<json>'
 */
import { createStore } from '../../db/create-store';
import { Ingester } from '../ingester';
import { auditStream, FakeRelay, FIXED_TIME } from './fake-relay';

interface ChildArgs {
  sqliteFile?: string;
  url?: string;
  schema?: string;
  total: number;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
  const store = await createStore({ sqliteFile: args.sqliteFile ?? '', url: args.url }, { schema: args.schema });
  const relay = new FakeRelay();
  relay.emit(auditStream(args.total));
  const ingester = new Ingester(store, () => relay.source(500), {
    batchSize: 500,
    // The fake relay delivers as fast as it can; this test is about transactions, not the buffer bound.
    bufferCapacity: args.total,
    flushIntervalMs: 5,
    now: () => FIXED_TIME + 3_600_000,
    log: { info: () => undefined, warn: (m) => process.stderr.write(`${m}\n`) },
  });
  let reported = 0;
  const progress = setInterval(() => {
    const { batches } = ingester.stats();
    if (batches !== reported) process.stdout.write(`stored ${ingester.stats().stored}\n`);
    reported = batches;
  }, 1);
  await ingester.start();
  await relay.drained();
  await ingester.stop();
  clearInterval(progress);
  await store.close();
  process.stdout.write(`done ${ingester.stats().stored} dropped ${ingester.stats().dropped}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { extractFindings } from '@/lib/findings/extract-findings';
import type { OpenedStore } from '../db/create-store';
import { createTestDatabase, testDialects, type TestDatabase } from '../db/testing/test-databases';
import { auditStream } from './testing/fake-relay';

const dialects = await testDialects();
const ROOT = path.resolve(__dirname, '../..');
const CHILD = path.join(ROOT, 'server/ingest/testing/ingest-child.ts');
const TOTAL = 30_000;

/** Runs the ingest child; with `killAfter`, sends SIGKILL a few ms after that many committed batches. */
function runChild(target: TestDatabase, killAfter?: number): Promise<{ killed: boolean; stored: number }> {
  const args = JSON.stringify({ sqliteFile: target.config.sqliteFile, url: target.config.url, schema: target.schema, total: TOTAL });
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', CHILD, args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let batches = 0;
  let stored = 0;
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdout.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      const match = /^(stored|done) (\d+)/.exec(line);
      if (!match) continue;
      stored = Number(match[2]);
      if (match[1] === 'stored' && ++batches === killAfter) setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 15));
    }
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true, stored });
      else if (code === 0) resolve({ killed: false, stored });
      else reject(new Error(`ingest child failed (${code}): ${stderr}`));
    });
  });
}

/** The invariants a consistent database keeps, whenever it was interrupted. */
async function checkConsistency(store: OpenedStore): Promise<number> {
  if (store.dialect === 'sqlite') {
    const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(store.db);
    expect(rows).toEqual([{ integrity_check: 'ok' }]);
  }
  const uuids = await store.db.selectFrom('ingested_flows').select(({ fn }) => [fn.countAll<number>().as('n'), fn.max('time').as('newest')]).executeTakeFirstOrThrow();
  const counted = (await store.findings.list({ limit: 5000 })).reduce((n, f) => n + f.flows, 0);
  const state = await store.ingest.state('relay');
  expect(counted).toBe(Number(uuids.n));
  expect(state?.flowsTotal ?? 0).toBe(Number(uuids.n));
  expect(state?.cursor?.ms).toBe(uuids.newest === null ? undefined : Number(uuids.newest));
  return counted;
}

describe.each(dialects)('SIGKILL during writes (%s)', (dialect) => {
  let target: TestDatabase;
  afterEach(() => target.cleanup());

  it('leaves a consistent database each time, and the restarts end with every flow counted once', async () => {
    target = createTestDatabase(dialect);
    const check = await target.open(); // creates the schema; also the reader used for the checks
    let previous = 0;
    for (const killAfter of [3, 5, 4]) {
      const run = await runChild(target, killAfter);
      expect(run.killed).toBe(true);
      const counted = await checkConsistency(check);
      expect(counted).toBeGreaterThan(previous);
      previous = counted;
    }
    const last = await runChild(target);
    expect(last.killed).toBe(false);
    expect(await checkConsistency(check)).toBe(TOTAL);
    const expected = extractFindings(auditStream(TOTAL)).findings.map((f) => [f.id, f.flows, f.firstSeen, f.lastSeen]);
    const stored = (await check.findings.list()).map((f) => [f.id, f.flows, f.firstSeen, f.lastSeen]);
    expect(stored.sort()).toEqual(expected.sort());
  }, 90_000);
});

import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from './migrations';
import { createTestDatabase, testDialects, type TestDatabase } from './testing/test-databases';

const dialects = await testDialects();

describe.each(dialects)('migrations (%s)', (dialect) => {
  let target: TestDatabase;
  afterEach(() => target?.cleanup());

  it('creates every table at start, and a second run applies nothing', async () => {
    target = createTestDatabase(dialect);
    const store = await target.open();
    const tables = (await store.db.introspection.getTables()).map((t) => t.name);
    for (const name of ['findings', 'finding_reviews', 'audit_log', 'ingest_state', 'ingested_flows', 'resolver_observations', 'checklist_confirmations', 'audit_windows']) {
      expect(tables).toContain(name);
    }
    expect(await migrateToLatest(store.db, dialect, target.schema)).toEqual([]);
    const again = await target.open();
    expect(await again.findings.list()).toEqual([]);
  });

  it('lets several replicas start at once', async () => {
    target = createTestDatabase(dialect);
    const stores = await Promise.all([target.open(), target.open(), target.open()]);
    const migrations = await sql<{ name: string }>`select name from kysely_migration`.execute(stores[0].db);
    expect(migrations.rows.map((r) => r.name)).toEqual(['0001_initial', '0002_checklist_confirmations', '0003_policy_files', '0004_audit_windows', '0005_triage_accounting']);
  });
});

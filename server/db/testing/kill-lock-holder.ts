import pg from 'pg';
import { ADVISORY_CLASS, advisoryKey } from '../postgres';
import { TEST_POSTGRES_URL } from './test-databases';

/** Terminates the session holding `name` in `schema`, as a crashed leader or a cut connection would end it. */
export async function killLockHolder(schema: string | undefined, name: string): Promise<number> {
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ killed: boolean }>(
      `select pg_terminate_backend(pid) as killed from pg_locks where locktype = 'advisory' and granted and classid::int = $1 and objid::bigint = ($2::int)::bigint & 4294967295 and objsubid = 2`,
      [ADVISORY_CLASS, advisoryKey(name, schema)],
    );
    return rows.length;
  } finally {
    await admin.end();
  }
}

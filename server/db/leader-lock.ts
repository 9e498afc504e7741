import 'server-only';
import pg from 'pg';
import { ADVISORY_CLASS, advisoryKey, pgClientConfig, postgresError, type PostgresOptions } from './postgres';
import type { LeaderLock } from './store';

/**
 * Leader election for replicas sharing one PostgreSQL: the leader is the process whose dedicated session holds
 * `pg_try_advisory_lock(ADVISORY_CLASS, key)`. When the leader dies its session ends and PostgreSQL releases the
 * lock, so a follower's next `tryAcquire()` wins. The leader notices a lost session (connection error, end, or a
 * failed health check) and tells its listeners, which must stop writing.
 * NOTE: a leader cut off from the database may write once more after losing the lock (an in-flight batch); ingest
 * batches stay correct anyway because they de-duplicate by uuid and lock the rows they merge.
 */
export class PgLeaderLock implements LeaderLock {
  private client: pg.Client | undefined;
  private heldNow = false;
  private healthTimer: NodeJS.Timeout | undefined;
  private readonly listeners: ((reason: string) => void)[] = [];
  private readonly key: number;

  constructor(
    private readonly options: PostgresOptions,
    name: string,
    private readonly healthCheckMs = 5_000,
  ) {
    this.key = advisoryKey(name, options.schema);
  }

  get held(): boolean {
    return this.heldNow;
  }

  async tryAcquire(): Promise<boolean> {
    if (this.heldNow) return true;
    const client = await this.session();
    let ok: boolean;
    try {
      const result = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [ADVISORY_CLASS, this.key]);
      ok = result.rows[0]?.ok === true;
    } catch (error) {
      this.drop(client, 'lock query failed');
      throw postgresError(error, this.options.url, 'leader lock query failed');
    }
    if (!ok || this.client !== client) return false;
    this.heldNow = true;
    this.healthTimer = setInterval(() => void this.check(client), this.healthCheckMs);
    this.healthTimer.unref?.();
    return true;
  }

  onLost(listener: (reason: string) => void): void {
    this.listeners.push(listener);
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.stopHealth();
    const wasHeld = this.heldNow;
    this.heldNow = false;
    if (!client) return;
    if (wasHeld) await client.query('select pg_advisory_unlock($1, $2)', [ADVISORY_CLASS, this.key]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }

  /** The dedicated session, opened on first use and after a loss. */
  private async session(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({ ...pgClientConfig(this.options), query_timeout: Math.max(5_000, this.healthCheckMs) });
    client.on('error', (error) => this.drop(client, `session error: ${postgresError(error, this.options.url, 'lock session').message}`));
    client.on('end', () => this.drop(client, 'session ended'));
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw postgresError(error, this.options.url, 'cannot open the leader-lock session');
    }
    this.client = client;
    return client;
  }

  private async check(client: pg.Client): Promise<void> {
    try {
      await client.query('select 1');
    } catch {
      this.drop(client, 'health check failed');
    }
  }

  /** Forgets a broken session; if it held the lock, leadership is lost. */
  private drop(client: pg.Client, reason: string): void {
    if (client !== this.client) return;
    this.client = undefined;
    this.stopHealth();
    void client.end().catch(() => undefined);
    if (!this.heldNow) return;
    this.heldNow = false;
    for (const listener of this.listeners) listener(reason);
  }

  private stopHealth(): void {
    if (this.healthTimer) clearInterval(this.healthTimer);
    this.healthTimer = undefined;
  }
}

/** SQLite is single-replica: the lock is always granted and never lost. */
export function alwaysHeldLock(): LeaderLock {
  let held = false;
  return {
    get held() {
      return held;
    },
    tryAcquire: async () => (held = true),
    onLost: () => undefined,
    release: async () => {
      held = false;
    },
  };
}

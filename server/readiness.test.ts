import { describe, expect, it } from 'vitest';
import type { RelayMonitor } from './hubble/relay-monitor';
import { readiness } from './readiness';

const relay = (state: string, ready: boolean) => ({ snapshot: () => ({ state }), ready }) as unknown as RelayMonitor;

describe('readiness', () => {
  it('is ready with the relay down, so that users still reach the page that says so', async () => {
    const response = await readiness(async () => ({ relay: relay('reconnecting', false) }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ready: true, relay: 'reconnecting', relayReady: false });
  });

  it('is ready with the relay up', async () => {
    const response = await readiness(async () => ({ relay: relay('connected', true) }));
    expect(await response.json()).toMatchObject({ ready: true, relayReady: true });
  });

  it('is not ready while the server cannot start (e.g. the database is unreachable), without leaking why', async () => {
    const response = await readiness(async () => {
      throw new Error('connect ECONNREFUSED postgres://lockstep:secret@db:5432');
    });
    expect(response.status).toBe(503);
    expect(JSON.stringify(await response.json())).not.toContain('secret');
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';

/** Item 6: a bad configuration stops the start (exit 1) listing every problem, instead of a server answering 500. */

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

async function start(env: Record<string, string>): Promise<{ codes: number[]; log: string }> {
  Object.assign(process.env, env);
  vi.resetModules();
  const { startNode } = await import('./start-node');
  const codes: number[] = [];
  const lines: string[] = [];
  await startNode({ exit: (code) => codes.push(code), logError: (m) => lines.push(m) });
  return { codes, log: lines.join('\n') };
}

describe('item 6: startNode', () => {
  it('exits 1 listing every configuration problem (short proxy secret, bad relay address)', async () => {
    const { codes, log } = await start({ LOCKSTEP_AUTH_MODE: 'proxy', LOCKSTEP_AUTH_PROXY_SECRET: 'short', HUBBLE_RELAY_ADDR: 'no-port' });
    expect(codes).toEqual([1]);
    expect(log).toMatch(/LOCKSTEP_AUTH_PROXY_SECRET: use at least 16 characters/);
    expect(log).toMatch(/HUBBLE_RELAY_ADDR: expected host:port/);
    expect(log).not.toContain('short');
  });

  it('exits 1 when DATABASE_URL cannot be reached, without printing its password', async () => {
    const { codes, log } = await start({ DATABASE_URL: 'postgres://lockstep:s3cret-pw@127.0.0.1:1/lockstep', LOCKSTEP_DEMO_PORT: '0' });
    expect(codes).toEqual([1]);
    expect(log).toMatch(/cannot start/);
    expect(log).not.toContain('s3cret-pw');
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Auth, LOCAL_AUTH } from './auth/auth';

/** Local mode (the laptop default): the DNS-rebinding defence in front of every route. */

vi.hoisted(() => {
  Object.assign(process.env, { LOCKSTEP_AUTH_MODE: 'local', LOCKSTEP_PUBLIC_URL: '' });
});
const { getContainer } = vi.hoisted(() => ({ getContainer: vi.fn() }));
vi.mock('./container', () => ({ getContainer }));

const { GET: me } = await import('@/app/api/me/route');
const { POST: review } = await import('@/app/api/findings/[id]/review/route');

const ctx = { params: Promise.resolve({ id: 'f1' }) };
function request(host: string, init: { method?: string; origin?: string } = {}): Request {
  const headers: Record<string, string> = { host, 'x-lockstep-peer-address': '127.0.0.1' };
  if (init.origin) headers.origin = init.origin;
  return new Request(`http://${host}/api/x`, { method: init.method ?? 'GET', headers, body: init.method === 'POST' ? '{"decision":"accepted"}' : undefined });
}

beforeEach(() => {
  getContainer.mockReset();
  getContainer.mockResolvedValue({ auth: new Auth(LOCAL_AUTH) });
});

describe('handle in local mode', () => {
  it('item 2: answers 421 to a rebound name (Host evil.example) before any handler, reads and writes alike', async () => {
    const read = await me(request('evil.example:3201'));
    expect(read.status).toBe(421);
    const write = await review(request('evil.example:3201', { method: 'POST', origin: 'http://evil.example:3201' }), ctx);
    expect(write.status).toBe(421);
    expect(getContainer).not.toHaveBeenCalled();
  });

  it('item 2: refuses a mutation whose Origin is not this loopback origin', async () => {
    const write = await review(request('127.0.0.1:3201', { method: 'POST', origin: 'http://evil.example:3201' }), ctx);
    expect(write.status).toBe(403);
    expect(getContainer).not.toHaveBeenCalled();
  });

  it('serves the local admin at a loopback name', async () => {
    const response = await me(request('localhost:3201'));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ user: 'local-admin', role: 'admin' });
  });
});

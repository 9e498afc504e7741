import { beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * Every route handler under app/ goes through the same checks before it (or the container) runs: enumerated
 * here from the files, so a new route that forgets them fails this test. Proxy mode, as deployed.
 */

const SECRET = 'route-guard-test-secret-0123456789';
vi.hoisted(() => {
  Object.assign(process.env, {
    LOCKSTEP_AUTH_MODE: 'proxy',
    LOCKSTEP_AUTH_PROXY_SECRET: 'route-guard-test-secret-0123456789',
    LOCKSTEP_AUTH_REVIEWER_GROUPS: 'reviewers',
    LOCKSTEP_AUTH_ADMIN_GROUPS: 'admins',
    LOCKSTEP_PUBLIC_URL: '',
    LOCKSTEP_METRICS_PUBLIC: '',
  });
});
const { getContainer } = vi.hoisted(() => ({ getContainer: vi.fn() }));
vi.mock('./container', () => ({ getContainer }));

type Handler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const modules = import.meta.glob<Record<string, unknown>>('../app/**/route.ts', { eager: true });
const routes = Object.entries(modules).map(([file, mod]) => ({ path: file.replace(/^\.\.\/app/, '').replace(/\/route\.ts$/, '') || '/', mod }));
const handlers = (methods: string[]) =>
  routes.flatMap((r) => methods.filter((m) => typeof r.mod[m] === 'function').map((m) => ({ name: `${m} ${r.path}`, method: m, fn: r.mod[m] as Handler })));
const mutating = handlers(['POST', 'PUT', 'PATCH', 'DELETE']);
const reads = handlers(['GET']);

/** POSTs that change nothing on the server (computations): any identified caller may send them. */
const READ_ONLY = new Set(['POST /api/analyze']);
/** Probes: no identity, and they say nothing but up/ready. */
const ANONYMOUS = new Set(['GET /api/healthz', 'GET /api/readyz']);

const ORIGIN = 'http://lockstep.example.com';
const ctx = { params: Promise.resolve({ ns: 'blog', id: 'f1', n: '2' }) };
function call(h: { method: string; fn: Handler }, headers: Record<string, string>): Promise<Response> {
  const body = h.method === 'DELETE' || h.method === 'GET' ? undefined : '{}';
  const request = new Request(`${ORIGIN}/api/x?name=a.yaml`, { method: h.method, body, headers: { host: 'lockstep.example.com', ...headers } });
  return h.fn(request, ctx);
}
const as = (user: string, groups: string) => ({ 'x-lockstep-proxy-secret': SECRET, 'x-forwarded-user': user, 'x-forwarded-groups': groups });

beforeEach(() => {
  getContainer.mockReset();
  getContainer.mockRejectedValue(new Error('the handler was reached'));
  // The reached handler's failure is logged as an internal error; expected here.
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

describe('route guards', () => {
  it('finds every mutating route, captures included', () => {
    const names = mutating.map((h) => h.name);
    expect(names).toEqual(expect.arrayContaining(['POST /api/captures', 'POST /api/findings/[id]/review', 'PUT /api/namespaces/[ns]/policies', 'DELETE /api/namespaces/[ns]/policies', 'POST /api/namespaces/[ns]/export/github']));
    expect(names.length).toBeGreaterThanOrEqual(9);
  });

  it.each(mutating)('item 3: $name refuses a viewer before its handler runs', async (h) => {
    const response = await call(h, { ...as('vera', 'everyone'), origin: ORIGIN });
    if (READ_ONLY.has(h.name)) {
      expect(response.status).toBe(500);
      expect(getContainer).toHaveBeenCalled();
      return;
    }
    expect(response.status).toBe(403);
    expect(getContainer).not.toHaveBeenCalled();
  });

  it.each(mutating)('item 3: $name refuses a foreign origin, Origin null and a cross-site fetch, even for an admin', async (h) => {
    const foreign: Record<string, string>[] = [{ origin: 'https://evil.example', 'content-type': 'text/plain' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }];
    for (const headers of foreign) {
      const response = await call(h, { ...as('root', 'admins'), ...headers });
      expect(response.status, JSON.stringify(headers)).toBe(403);
    }
    expect(getContainer).not.toHaveBeenCalled();
  });

  it.each(mutating)('$name lets an admin from the same origin through to its handler', async (h) => {
    const response = await call(h, { ...as('root', 'admins'), origin: ORIGIN });
    expect(response.status).toBe(500);
    expect(getContainer).toHaveBeenCalled();
  });

  it.each(reads.filter((h) => !ANONYMOUS.has(h.name)))('item 15: $name needs an identity in proxy mode', async (h) => {
    const response = await call(h, {});
    expect(response.status).toBe(401);
    expect(getContainer).not.toHaveBeenCalled();
  });

  it('item 15: readyz says ready and the relay state, nothing else (no relay address, no error text)', async () => {
    const readyz = reads.find((h) => h.name === 'GET /api/readyz')!;
    const snapshot = { state: 'reconnecting', address: 'hubble-relay.kube-system.svc:443', lastError: { message: 'connect ECONNREFUSED 10.96.0.12:443' } };
    getContainer.mockResolvedValueOnce({ relay: { snapshot: () => snapshot, ready: false } });
    const up = await call(readyz, {});
    expect(up.status).toBe(200);
    const text = await up.text();
    expect(JSON.parse(text)).toEqual({ ready: true, relay: 'reconnecting', relayReady: false });
    expect(text).not.toMatch(/hubble-relay|10\.96|ECONNREFUSED/);
    const down = await call(readyz, {});
    expect(down.status).toBe(503);
    expect(await down.text()).not.toMatch(/handler was reached/);
  });
});

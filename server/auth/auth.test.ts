import { describe, expect, it } from 'vitest';
import { Auth, LOCAL_AUTH, type AuthConfig } from './auth';
import { parseAuthConfig } from './auth-config';
import { assertAllowedHost, assertSameOrigin } from './same-origin';
import { AppError } from '../errors';

const SECRET = 'a-long-shared-secret-value';
const PROXY: AuthConfig = { ...LOCAL_AUTH, mode: 'proxy', secret: SECRET, trustedProxies: ['10.0.0.5'], groups: { reviewer: ['sre'], admin: ['platform-admins'] } };

function req(headers: Record<string, string>, method = 'GET'): Request {
  return new Request('http://lockstep.example.com/api/x', { method, headers });
}

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    return (e as AppError).status;
  }
}

describe('Auth', () => {
  it('makes the local user at loopback the admin, and anyone else only a viewer', async () => {
    const auth = new Auth(LOCAL_AUTH);
    expect((await auth.require(req({ 'x-lockstep-peer-address': '127.0.0.1' }), 'admin')).user).toBe('local-admin');
    expect(await status(auth.require(req({ 'x-lockstep-peer-address': '192.168.1.20' }), 'reviewer'))).toBe(403);
    // A forged X-Forwarded-For does not make a remote client local.
    expect(await status(auth.require(req({ 'x-forwarded-for': '127.0.0.1', 'x-lockstep-peer-address': '192.168.1.20' }), 'reviewer'))).toBe(403);
  });

  it('trusts identity headers only with the proxy secret or from the proxy address', async () => {
    const auth = new Auth(PROXY);
    const user = { 'x-forwarded-user': 'alice', 'x-forwarded-groups': 'dev,sre' };
    expect(await status(auth.require(req({ ...user, 'x-lockstep-peer-address': '203.0.113.9' }), 'viewer'))).toBe(401);
    expect(await status(auth.require(req({ ...user, 'x-lockstep-proxy-secret': 'wrong-secret-of-same-size' }), 'viewer'))).toBe(401);
    const viaSecret = await auth.require(req({ ...user, 'x-lockstep-proxy-secret': SECRET }), 'reviewer');
    expect(viaSecret).toMatchObject({ user: 'alice', role: 'reviewer', groups: ['dev', 'sre'] });
    const viaAddress = await auth.require(req({ ...user, 'x-lockstep-peer-address': '::ffff:10.0.0.5' }), 'viewer');
    expect(viaAddress.user).toBe('alice');
  });

  it('maps groups to roles: no group is a viewer, admins may do everything', async () => {
    const auth = new Auth(PROXY);
    const as = (groups: string) => req({ 'x-forwarded-user': 'bob', 'x-forwarded-groups': groups, 'x-lockstep-proxy-secret': SECRET });
    expect(await status(auth.require(as(''), 'reviewer'))).toBe(403);
    expect((await auth.require(as('platform-admins'), 'admin')).role).toBe('admin');
    expect(await status(auth.require(req({ 'x-lockstep-proxy-secret': SECRET }), 'viewer'))).toBe(401);
  });
});

describe('parseAuthConfig', () => {
  it('refuses proxy mode without a way to trust the proxy', () => {
    const problems: string[] = [];
    parseAuthConfig({ LOCKSTEP_AUTH_MODE: 'proxy' }, problems);
    expect(problems.join()).toMatch(/PROXY_SECRET/);
  });

  it('reads header names case-insensitively and groups as lists', () => {
    const problems: string[] = [];
    const c = parseAuthConfig({ LOCKSTEP_AUTH_MODE: 'proxy', LOCKSTEP_AUTH_PROXY_SECRET: SECRET, LOCKSTEP_AUTH_USER_HEADER: 'X-Auth-Request-User', LOCKSTEP_AUTH_REVIEWER_GROUPS: 'sre, dev' }, problems);
    expect(problems).toEqual([]);
    expect(c.userHeader).toBe('x-auth-request-user');
    expect(c.groups.reviewer).toEqual(['sre', 'dev']);
  });
});

describe('assertSameOrigin', () => {
  const local = new Auth(LOCAL_AUTH);
  it('refuses a mutation from another site and allows same-origin and non-browser clients', () => {
    expect(() => assertSameOrigin(req({ origin: 'https://evil.example', host: 'lockstep.example.com' }, 'POST'), local)).toThrow(/cross-origin/);
    expect(() => assertSameOrigin(req({ origin: 'http://lockstep.example.com', host: 'lockstep.example.com' }, 'POST'), local)).not.toThrow();
    expect(() => assertSameOrigin(req({ host: 'lockstep.example.com' }, 'POST'), local)).not.toThrow();
  });

  it('item 3: refuses Origin null and requests the browser marks cross-site', () => {
    expect(() => assertSameOrigin(req({ origin: 'null', host: '127.0.0.1:3000' }, 'POST'), local)).toThrow(/cross-origin/);
    expect(() => assertSameOrigin(req({ 'sec-fetch-site': 'cross-site', host: '127.0.0.1:3000' }, 'POST'), local)).toThrow(/cross-site/);
  });

  it('item 7: trusts X-Forwarded-Host only from the configured proxy', () => {
    const spoofed = { origin: 'http://evil.example', host: '127.0.0.1:3000', 'x-forwarded-host': 'evil.example' };
    expect(() => assertSameOrigin(req(spoofed, 'POST'), local)).toThrow(/cross-origin/);
    const proxy = new Auth(PROXY);
    const behindProxy = { origin: 'https://lockstep.example.com', host: 'lockstep:3000', 'x-forwarded-host': 'lockstep.example.com' };
    expect(() => assertSameOrigin(req({ ...behindProxy, 'x-lockstep-proxy-secret': SECRET }, 'POST'), proxy)).not.toThrow();
    expect(() => assertSameOrigin(req({ ...behindProxy, 'x-lockstep-peer-address': '203.0.113.9' }, 'POST'), proxy)).toThrow(/cross-origin/);
  });

  it('accepts only LOCKSTEP_PUBLIC_URL as the origin when it is set (proxy mode)', () => {
    const proxy = new Auth({ ...PROXY, publicOrigin: 'https://lockstep.example.com' });
    const through = { 'x-lockstep-proxy-secret': SECRET, host: 'lockstep:3000' };
    expect(() => assertSameOrigin(req({ ...through, origin: 'https://lockstep.example.com' }, 'POST'), proxy)).not.toThrow();
    expect(() => assertSameOrigin(req({ ...through, origin: 'http://lockstep:3000' }, 'POST'), proxy)).toThrow(/cross-origin/);
  });
});

describe('assertAllowedHost', () => {
  it('item 2: refuses DNS rebinding in local mode: a Host that is not loopback gets 421', () => {
    const local = new Auth(LOCAL_AUTH);
    const host = (h: string) => req({ host: h, 'x-lockstep-peer-address': '127.0.0.1' });
    expect(() => assertAllowedHost(host('evil.example:3201'), local)).toThrow(expect.objectContaining({ status: 421 }));
    expect(() => assertAllowedHost(host('127.0.0.1.evil.example'), local)).toThrow(/not this machine/);
    for (const ok of ['127.0.0.1:3201', 'localhost:3000', 'LOCALHOST', '[::1]:3000', '127.1.2.3']) expect(() => assertAllowedHost(host(ok), local), ok).not.toThrow();
    const withPublic = new Auth({ ...LOCAL_AUTH, publicOrigin: 'http://lockstep.lan:3000' });
    expect(() => assertAllowedHost(host('lockstep.lan:3000'), withPublic)).not.toThrow();
    // Proxy mode sits behind a proxy that routes by Host already.
    expect(() => assertAllowedHost(host('lockstep.example.com'), new Auth(PROXY))).not.toThrow();
  });
});

describe('item 5: repeated identity headers', () => {
  it('refuses a request whose identity headers were sent more than once, instead of joining them', async () => {
    const auth = new Auth(PROXY);
    const base = { 'x-forwarded-user': 'alice', 'x-forwarded-groups': 'viewers, platform-admins', 'x-lockstep-proxy-secret': SECRET };
    expect(await status(auth.require(req({ ...base, 'x-lockstep-repeated-headers': 'x-forwarded-groups' }), 'viewer'))).toBe(400);
    expect(await status(auth.require(req({ ...base, 'x-forwarded-user': 'alice, root', 'x-lockstep-repeated-headers': 'accept,x-forwarded-user' }), 'viewer'))).toBe(400);
    // Other repeated headers do not matter.
    expect(await status(auth.require(req({ ...base, 'x-lockstep-repeated-headers': 'accept' }), 'viewer'))).toBe(200);
  });
});

import { describe, expect, it } from 'vitest';
import { Auth, LOCAL_AUTH, type AuthConfig } from './auth';
import { parseAuthConfig } from './auth-config';
import { assertSameOrigin } from './same-origin';
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
  it('refuses a mutation from another site and allows same-origin and non-browser clients', () => {
    expect(() => assertSameOrigin(req({ origin: 'https://evil.example', host: 'lockstep.example.com' }, 'POST'))).toThrow(/cross-origin/);
    expect(() => assertSameOrigin(req({ origin: 'http://lockstep.example.com', host: 'lockstep.example.com' }, 'POST'))).not.toThrow();
    expect(() => assertSameOrigin(req({ host: 'lockstep.example.com' }, 'POST'))).not.toThrow();
  });
});

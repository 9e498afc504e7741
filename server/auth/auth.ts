import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors';

/**
 * Who is asking, and may they. Behind Traefik the user comes from forward-auth headers (oauth2-proxy, Authelia,
 * Authentik), trusted only when the request carries the proxy's shared secret header or comes from a configured
 * proxy address. Groups map to roles. Without a proxy configuration Lockstep is a single local admin: it then
 * listens on 127.0.0.1 only (scripts/start.mjs).
 */

export type Role = 'viewer' | 'reviewer' | 'admin';
const RANK: Record<Role, number> = { viewer: 0, reviewer: 1, admin: 2 };

/** Authentication settings (from server/config.ts). */
export interface AuthConfig {
  /** `local`: everyone is the local admin (loopback only). `proxy`: forward-auth headers. */
  mode: 'local' | 'proxy';
  userHeader: string;
  emailHeader: string;
  groupsHeader: string;
  /** Addresses of the auth proxy (exact IPs); the direct peer must be one of them unless the secret matches. */
  trustedProxies: string[];
  /** Header carrying the shared secret, and its value (a secret: never logged). */
  secretHeader: string;
  secret: string | undefined;
  /** Groups per role. A user in none of them is a viewer. */
  groups: { reviewer: string[]; admin: string[] };
  /**
   * `LOCKSTEP_PUBLIC_URL`'s origin (`https://lockstep.example.com`): the one origin browsers may send mutations
   * from, and in local mode an extra accepted Host besides loopback names. Default: unset.
   */
  publicOrigin: string | undefined;
}

/** The identity of a request. */
export interface Principal {
  user: string;
  email: string;
  groups: string[];
  role: Role;
  /** How it was established. */
  via: 'local' | 'proxy';
}

export class Auth {
  constructor(readonly config: AuthConfig) {}

  /** The request's principal; 401 when the proxy headers are missing or not trusted. */
  identify(request: Request): Principal {
    if (this.config.mode === 'local') {
      // The single local admin is whoever sits at this machine; anyone reaching it over the network only views.
      const role: Role = isLoopback(peerAddress(request)) ? 'admin' : 'viewer';
      return { user: role === 'admin' ? 'local-admin' : 'remote-viewer', email: '', groups: [], role, via: 'local' };
    }
    if (!this.fromProxy(request)) throw new AppError('unauthorized:api', 'the request did not come through the configured auth proxy');
    const { userHeader, emailHeader, groupsHeader, secretHeader } = this.config;
    const repeated = repeatedHeaders(request).filter((h) => h === userHeader || h === emailHeader || h === groupsHeader || h === secretHeader);
    // NOTE: HTTP joins repeated headers with ", ", so two groups headers would read as one list of both.
    if (repeated.length) throw new AppError('bad_request:api', `repeated identity header ${repeated.join(', ')}: refused`);
    const user = request.headers.get(this.config.userHeader)?.trim() ?? '';
    if (!user) throw new AppError('unauthorized:api', `no ${this.config.userHeader} header: sign in through the auth proxy`);
    const groups = (request.headers.get(this.config.groupsHeader) ?? '').split(',').map((g) => g.trim()).filter(Boolean);
    const role: Role = groups.some((g) => this.config.groups.admin.includes(g)) ? 'admin' : groups.some((g) => this.config.groups.reviewer.includes(g)) ? 'reviewer' : 'viewer';
    return { user: user.slice(0, 200), email: (request.headers.get(this.config.emailHeader) ?? '').slice(0, 200), groups, role, via: 'proxy' };
  }

  /** The principal if it has at least `role`; 401 without identity, 403 without the role. */
  async require(request: Request, role: Role): Promise<Principal> {
    const principal = this.identify(request);
    if (RANK[principal.role] < RANK[role]) throw new AppError('forbidden:api', `this needs the ${role} role; ${principal.user} is a ${principal.role}`);
    return principal;
  }

  /** Whether the request came through the configured auth proxy (its secret, or its address). */
  fromProxy(request: Request): boolean {
    if (this.config.mode !== 'proxy') return false;
    const { secret, secretHeader, trustedProxies } = this.config;
    if (secret) {
      const given = request.headers.get(secretHeader) ?? '';
      const a = Buffer.from(given);
      const b = Buffer.from(secret);
      if (a.length === b.length && timingSafeEqual(a, b)) return true;
    }
    if (trustedProxies.length === 0) return false;
    return trustedProxies.includes(peerAddress(request));
  }
}

/**
 * The TCP peer, as scripts/server.mjs records it (overwriting any client value). NOTE: X-Forwarded-For is NOT
 * used: Next.js passes a client-supplied one through unchanged.
 */
export function peerAddress(request: Request): string {
  return (request.headers.get('x-lockstep-peer-address') ?? '').replace(/^::ffff:/, '');
}

/**
 * Header names the client sent more than once, as scripts/server.mjs records them from the raw headers
 * (overwriting any client value); the Fetch API's Headers only shows them joined.
 */
function repeatedHeaders(request: Request): string[] {
  return (request.headers.get('x-lockstep-repeated-headers') ?? '').split(',').map((h) => h.trim()).filter(Boolean);
}

/** A loopback address (127.0.0.0/8, ::1). */
export function isLoopback(address: string): boolean {
  return address === '::1' || /^127\./.test(address);
}

/** The local single-admin setting (demo, laptop). */
export const LOCAL_AUTH: AuthConfig = {
  mode: 'local',
  userHeader: 'x-forwarded-user',
  emailHeader: 'x-forwarded-email',
  groupsHeader: 'x-forwarded-groups',
  trustedProxies: [],
  secretHeader: 'x-lockstep-proxy-secret',
  secret: undefined,
  groups: { reviewer: [], admin: [] },
  publicOrigin: undefined,
};

import 'server-only';
import { getContainer, type Container } from './container';
import { getConfig, type LockstepConfig } from './config';
import { toAppError, type ErrorSurface } from './errors';
import { Auth, type Role } from './auth/auth';
import { assertAllowedHost, assertSameOrigin } from './auth/same-origin';

/**
 * Every API route goes through {@link handle}: the one place that decides who may call what, before the route's
 * own code (or the container) runs, so a new route cannot forget a check:
 * 1. local mode: the Host must be this machine (421; DNS rebinding);
 * 2. proxy mode: an identity from the auth proxy (401) unless the route is `anonymous`;
 * 3. mutating methods (POST, PUT, PATCH, DELETE): same origin (403) and at least the route's `role` (403),
 *    `reviewer` unless the route says otherwise; a `readOnly` POST (a computation such as /api/analyze) only
 *    needs an identity.
 * Then every thrown value becomes a typed JSON error response, counted for /metrics.
 */

/** Who may call a route; see {@link handle}. */
export interface RouteOptions {
  /** Least role for the mutating methods. Default: `reviewer`. */
  role?: Role | ((config: LockstepConfig) => Role);
  /** A POST that changes nothing on the server: any identified caller may send it (same-origin still applies). */
  readOnly?: boolean;
  /** Answer without an identity in proxy mode (metrics behind a setting). Host checks still apply. */
  anonymous?: (config: LockstepConfig) => boolean;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const auths = new WeakMap<LockstepConfig, Auth>();

/** Wraps a route handler with the checks above and typed errors. */
export function handle<A extends unknown[]>(
  surface: ErrorSurface,
  fn: (container: Container, ...args: A) => Promise<Response> | Response,
  options: RouteOptions = {},
): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    let container: Container | undefined;
    try {
      if (args[0] instanceof Request) await admit(args[0], options);
      container = await getContainer();
      return await fn(container, ...args);
    } catch (error) {
      const appError = toAppError(error, surface);
      container?.metrics.inc('lockstep_http_errors_total', 1, { code: appError.code });
      return appError.toResponse();
    }
  };
}

async function admit(request: Request, options: RouteOptions): Promise<void> {
  const config = getConfig();
  let auth = auths.get(config);
  if (!auth) auths.set(config, (auth = new Auth(config.auth)));
  assertAllowedHost(request, auth);
  const mutating = MUTATING.has(request.method);
  if (!mutating && options.anonymous?.(config)) return;
  // Every API call needs an identity in proxy mode (401 otherwise).
  auth.identify(request);
  if (!mutating) return;
  assertSameOrigin(request, auth);
  if (options.readOnly) return;
  const role = typeof options.role === 'function' ? options.role(config) : (options.role ?? 'reviewer');
  await auth.require(request, role);
}

/** JSON with no caching: every API answer is live data. */
export function json(data: unknown, init: ResponseInit = {}): Response {
  return Response.json(data, { ...init, headers: { 'cache-control': 'no-store', ...(init.headers ?? {}) } });
}

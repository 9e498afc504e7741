import 'server-only';
import { getContainer, type Container } from './container';
import { toAppError, type ErrorSurface } from './errors';

/**
 * Wraps a route handler: gets the container, checks the caller's identity, turns every thrown value into a typed
 * JSON error response, and counts errors for /metrics.
 */
export function handle<A extends unknown[]>(
  surface: ErrorSurface,
  fn: (container: Container, ...args: A) => Promise<Response> | Response,
): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    let container: Container | undefined;
    try {
      container = await getContainer();
      // Every API call needs an identity in proxy mode (401 otherwise); roles are checked by the mutations.
      if (args[0] instanceof Request) container.auth.identify(args[0]);
      return await fn(container, ...args);
    } catch (error) {
      const appError = toAppError(error, surface);
      container?.metrics.inc('lockstep_http_errors_total', 1, { code: appError.code });
      return appError.toResponse();
    }
  };
}

/** JSON with no caching: every API answer is live data. */
export function json(data: unknown, init: ResponseInit = {}): Response {
  return Response.json(data, { ...init, headers: { 'cache-control': 'no-store', ...(init.headers ?? {}) } });
}

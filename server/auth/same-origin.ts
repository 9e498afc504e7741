import 'server-only';
import { AppError } from '../errors';
import type { Auth } from './auth';

/**
 * Where a request may come from, checked before any handler runs (server/http.ts).
 *
 * DNS rebinding: in local mode every loopback caller is the admin, and a web page that rebinds its own name to
 * 127.0.0.1 reaches Lockstep from the browser with `Host: evil.example`. So local mode answers only requests
 * whose Host is a loopback name or address (or the host of `LOCKSTEP_PUBLIC_URL`): 421 otherwise.
 *
 * CSRF: a browser always sends `Origin` on a cross-site POST/PUT/DELETE, so a mutation whose Origin is not an
 * allowed origin is refused (403), and so is one the browser itself marks `Sec-Fetch-Site: cross-site`. Allowed:
 * `LOCKSTEP_PUBLIC_URL` when set; otherwise the request's own host (X-Forwarded-Host only when the request came
 * through the configured proxy; a client-sent one is ignored). Requests without Origin (curl, the CLI) carry no
 * ambient browser credentials to abuse and are allowed.
 */

/** 421 unless the Host header names this machine (local mode only). */
export function assertAllowedHost(request: Request, auth: Auth): void {
  if (auth.config.mode !== 'local') return;
  const host = request.headers.get('host') ?? '';
  if (isLoopbackHost(host)) return;
  if (auth.config.publicOrigin && host.toLowerCase() === new URL(auth.config.publicOrigin).host) return;
  throw new AppError('misdirected:api', `Host "${host.slice(0, 100)}" is not this machine: in local mode Lockstep answers only to localhost, 127.0.0.1 or [::1] (or set LOCKSTEP_PUBLIC_URL)`);
}

/** 403 when a browser sent the request from another origin. */
export function assertSameOrigin(request: Request, auth: Auth): void {
  if (request.headers.get('sec-fetch-site') === 'cross-site') throw new AppError('forbidden:api', 'cross-site request refused');
  const origin = request.headers.get('origin');
  if (origin === null) return;
  let originUrl: URL;
  try {
    originUrl = new URL(origin);
  } catch {
    throw new AppError('forbidden:api', `cross-origin request refused (Origin ${origin.slice(0, 100)})`);
  }
  if (!isAllowedOrigin(originUrl, request, auth)) throw new AppError('forbidden:api', `cross-origin request refused (Origin ${originUrl.origin.slice(0, 100)})`);
}

function isAllowedOrigin(origin: URL, request: Request, auth: Auth): boolean {
  if (origin.protocol !== 'http:' && origin.protocol !== 'https:') return false;
  if (auth.config.publicOrigin) {
    if (origin.origin === auth.config.publicOrigin) return true;
    // In local mode the loopback names stay allowed next to the public URL.
    if (auth.config.mode === 'proxy') return false;
  }
  const forwarded = auth.fromProxy(request) ? request.headers.get('x-forwarded-host')?.split(',')[0].trim() : undefined;
  const host = (forwarded || request.headers.get('host') || '').toLowerCase();
  return host !== '' && origin.host === host;
}

/** `localhost`, `127.x.y.z` or `[::1]`, with or without a port. */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/:\d{1,5}$/, '');
  return name === 'localhost' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

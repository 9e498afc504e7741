import 'server-only';
import { AppError } from '../errors';

/**
 * CSRF defence for mutations: a browser always sends `Origin` on cross-site POST/PUT/DELETE, so a request whose
 * Origin names another site is refused. Requests without Origin (curl, the CLI) carry no ambient browser
 * credentials to abuse and are allowed. Behind a proxy the public host is in X-Forwarded-Host.
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get('origin');
  if (!origin) return;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new AppError('forbidden:api', 'the request Origin is not a URL');
  }
  if (!host || originHost !== host.split(',')[0].trim()) {
    throw new AppError('forbidden:api', `cross-origin request refused (Origin ${originHost.slice(0, 100)})`);
  }
}

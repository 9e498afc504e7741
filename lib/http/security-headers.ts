/**
 * The security headers every Lockstep response carries (next.config.ts applies them to all paths).
 *
 * NOTE: `script-src` allows `'unsafe-inline'` because Next.js prerenders the pages with inline bootstrap scripts
 * (`self.__next_f.push(...)`); a nonce would need every page rendered per request. Everything else is locked to
 * this origin: no framing (clickjacking), no plugins, no `<base>` hijack, no form posts elsewhere, and script and
 * fetch sources only from Lockstep itself. Flow content reaches the page only through React's escaping.
 */

/** Options of {@link securityHeaders}. */
export interface SecurityHeadersOptions {
  /** `next dev` needs `'unsafe-eval'` (React's dev tooling). Default: false. */
  dev?: boolean;
}

/** The header list, as `next.config.ts` `headers()` wants it. */
export function securityHeaders(options: SecurityHeadersOptions = {}): { key: string; value: string }[] {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${options.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return [
    { key: 'Content-Security-Policy', value: csp },
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'no-referrer' },
    { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  ];
}

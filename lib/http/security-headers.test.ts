import { describe, expect, it } from 'vitest';
import { securityHeaders } from './security-headers';

describe('item 10: securityHeaders', () => {
  it('forbids framing, sniffing and referrers, and sets a CSP that keeps scripts and fetches on this origin', () => {
    const headers = Object.fromEntries(securityHeaders().map((h) => [h.key, h.value]));
    expect(headers['X-Frame-Options']).toBe('DENY');
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Referrer-Policy']).toBe('no-referrer');
    const csp = headers['Content-Security-Policy'];
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toMatch(/script-src 'self' 'unsafe-inline'(;|$)/);
    expect(csp).not.toContain('unsafe-eval');
  });

  it("allows 'unsafe-eval' for next dev only", () => {
    const csp = securityHeaders({ dev: true }).find((h) => h.key === 'Content-Security-Policy')!.value;
    expect(csp).toContain("'unsafe-eval'");
  });
});

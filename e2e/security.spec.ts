import { expect, test } from './console-guard';
import { spawn } from 'node:child_process';
import http from 'node:http';

/** Hostile pages and hostile input against the production server (issue #11's probes that must hold). */

const port = Number(process.env.E2E_PORT ?? 3100);

/** A raw request, so Host and repeated headers are exactly what an attacker would send. */
function raw(method: string, path: string, headers: http.OutgoingHttpHeaders = {}, body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test.describe('hostile pages', () => {
  test('item 10: pages and API answers carry the security headers, and the app runs under its CSP', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    const response = await page.goto('/');
    const headers = response!.headers();
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    await expect(page.getByTestId('relay-status')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
    await page.goto('/namespaces/webapp?tab=map');
    await expect(page.locator('canvas').first()).toBeVisible({ timeout: 20_000 });
    expect(violations).toEqual([]);
    const api = await raw('GET', '/api/status');
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['x-frame-options']).toBe('DENY');
  });

  test('item 2: a rebound name (Host evil.example) gets 421 from every API, and a foreign Origin cannot post', async () => {
    const rebound = { host: `evil.example:${port}`, origin: `http://evil.example:${port}`, 'content-type': 'application/json' };
    expect((await raw('GET', '/api/me', rebound)).status).toBe(421);
    expect((await raw('POST', '/api/findings/abc/review', rebound, '{"decision":"accepted"}')).status).toBe(421);
    expect((await raw('GET', '/metrics', rebound)).status).toBe(421);
    const foreign = { origin: 'https://evil.example', 'content-type': 'text/plain' };
    expect((await raw('POST', '/api/captures', foreign, '{"flow":{}}')).status).toBe(403);
    expect((await raw('POST', '/api/captures', { origin: 'null' }, '{"flow":{}}')).status).toBe(403);
  });

  test('item 9: malformed percent-encoding in a path is a 400', async () => {
    expect((await raw('GET', '/api/namespaces/%25ZZ/flows')).status).toBe(400);
    expect((await raw('GET', '/api/findings/%E0%A4%A')).status).toBe(400);
  });

  test('item 13/14: live streams are capped per client with 503, and counted in lockstep_sse_clients', async () => {
    const open: http.ClientRequest[] = [];
    const statuses: number[] = [];
    try {
      for (let i = 0; i < 22; i++) {
        statuses.push(await new Promise<number>((resolve, reject) => {
          const req = http.get({ host: '127.0.0.1', port, path: '/api/stream', headers: { host: `127.0.0.1:${port}` } }, (res) => resolve(res.statusCode ?? 0));
          req.on('error', reject);
          open.push(req);
        }));
      }
      expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
      const metrics = (await raw('GET', '/metrics')).text;
      expect(Number(/^lockstep_sse_clients (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(10);
      expect(metrics).toMatch(/^lockstep_sse_rejected_total\{reason="per_client"\} [1-9]/m);
    } finally {
      open.forEach((r) => r.destroy());
    }
  });
});

test.describe('bad configuration', () => {
  test('item 6: the server exits non-zero at start, listing every problem', async () => {
    test.setTimeout(120_000);
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      env: { ...process.env, PORT: String(port + 2), HOSTNAME: '127.0.0.1', LOCKSTEP_AUTH_MODE: 'proxy', LOCKSTEP_AUTH_PROXY_SECRET: 'short', HUBBLE_RELAY_ADDR: 'no-port' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).not.toBe(0);
    expect(output).toMatch(/LOCKSTEP_AUTH_PROXY_SECRET: use at least 16 characters/);
    expect(output).toMatch(/HUBBLE_RELAY_ADDR: expected host:port/);
  });
});

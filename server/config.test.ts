import { describe, expect, it } from 'vitest';
import { describeConfig, parseConfig } from './config';

describe('parseConfig', () => {
  it('reads the cluster facts used when cilium-config cannot be read, and rejects an unknown allow-localhost', () => {
    const r = parseConfig({ LOCKSTEP_ALLOW_LOCALHOST: 'policy', LOCKSTEP_CLUSTER_NAME: 'homelab' });
    expect(r.ok && r.config.cluster).toEqual({ allowLocalhost: 'policy', clusterName: 'homelab' });
    const d = parseConfig({});
    expect(d.ok && d.config.cluster).toEqual({ allowLocalhost: undefined, clusterName: undefined });
    expect(parseConfig({ LOCKSTEP_ALLOW_LOCALHOST: 'sometimes' }).ok).toBe(false);
  });

  it('starts the embedded demo relay when no relay address is given', () => {
    const r = parseConfig({});
    expect(r.ok && r.config.relay.address).toBe(undefined);
  });

  it('runs the ingest on its own thread under the Next.js server, on the main thread elsewhere, unless told otherwise', () => {
    const ingest = (env: Record<string, string>) => {
      const result = parseConfig(env);
      if (!result.ok) throw new Error(result.problems.join('; '));
      return result.config.ingest;
    };
    expect(ingest({})).toEqual({ thread: 'main', bundled: false });
    expect(ingest({ NEXT_RUNTIME: 'nodejs' })).toEqual({ thread: 'worker', bundled: true });
    expect(ingest({ NEXT_RUNTIME: 'nodejs', LOCKSTEP_INGEST_THREAD: 'main' })).toEqual({ thread: 'main', bundled: true });
    expect(parseConfig({ LOCKSTEP_INGEST_THREAD: 'both' }).ok).toBe(false);
  });

  it('reads a tls:// address like the hubble CLI and turns TLS on', () => {
    const r = parseConfig({ HUBBLE_RELAY_ADDR: 'tls://hubble-relay.kube-system.svc:443', HUBBLE_TLS_SERVER_NAME: 'ui.hubble-relay.cilium.io' });
    if (!r.ok) throw new Error(r.problems.join());
    expect(r.config.relay.address).toBe('hubble-relay.kube-system.svc:443');
    expect(r.config.relay.tls.enabled).toBe(true);
    expect(r.config.relay.tls.serverName).toBe('ui.hubble-relay.cilium.io');
  });

  it('lists every problem at once', () => {
    const r = parseConfig({ HUBBLE_RELAY_ADDR: 'no-port', HUBBLE_TLS_CLIENT_CERT_FILE: '/c.crt' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(2);
    expect(r.problems.join()).toMatch(/host:port/);
    expect(r.problems.join()).toMatch(/set together/);
  });

  it('rejects a non-numeric rate', () => {
    const r = parseConfig({ LOCKSTEP_DEMO_RATE: 'fast' });
    expect(r.ok).toBe(false);
  });

  it('never puts key material in its summary', () => {
    const r = parseConfig({ HUBBLE_RELAY_ADDR: 'relay:443', HUBBLE_TLS_CLIENT_CERT_FILE: '/secret/tls.crt', HUBBLE_TLS_CLIENT_KEY_FILE: '/secret/tls.key' });
    if (!r.ok) throw new Error();
    expect(describeConfig(r.config)).toBe('relay=tls://relay:443 (mTLS) serverName=-');
  });

  it('persists to ./data/lockstep.db by default, or to PostgreSQL when DATABASE_URL is set', () => {
    const sqlite = parseConfig({});
    if (!sqlite.ok) throw new Error();
    expect(sqlite.config.db).toEqual({ dataDir: './data', sqliteFile: 'data/lockstep.db', url: undefined });
    const pg = parseConfig({ LOCKSTEP_DATA_DIR: '/var/lib/lockstep', DATABASE_URL: 'postgres://lockstep:pw@db:5432/lockstep' });
    if (!pg.ok) throw new Error();
    expect(pg.config.db).toEqual({ dataDir: '/var/lib/lockstep', sqliteFile: '/var/lib/lockstep/lockstep.db', url: 'postgres://lockstep:pw@db:5432/lockstep' });
  });

  it('rejects a DATABASE_URL that is not postgres:// without echoing it', () => {
    const r = parseConfig({ DATABASE_URL: 'mysql://root:hunter2@db/x' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.join()).toMatch(/^DATABASE_URL: expected postgres:/);
    expect(r.problems.join()).not.toMatch(/hunter2/);
  });
});

describe('item 16: the README configuration table', () => {
  it('documents every GitHub, auth and security setting', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { GITHUB_ENV } = await import('./github/github-config');
    const { AUTH_ENV } = await import('./auth/auth-config');
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('| variable | meaning | default |'), readme.indexOf('```sh\nnpm run build'));
    const names = [...Object.keys(GITHUB_ENV), ...Object.keys(AUTH_ENV), 'DATABASE_URL', 'LOCKSTEP_SSE_MAX_STREAMS', 'LOCKSTEP_SSE_MAX_PER_CLIENT', 'LOCKSTEP_METRICS_PUBLIC'];
    expect(names.filter((name) => !table.includes(`\`${name}\``))).toEqual([]);
  });

  it('reads the security settings', () => {
    const r = parseConfig({ LOCKSTEP_SSE_MAX_STREAMS: '50', LOCKSTEP_SSE_MAX_PER_CLIENT: '4', LOCKSTEP_METRICS_PUBLIC: 'true', LOCKSTEP_PUBLIC_URL: 'https://lockstep.example.com/ui' });
    if (!r.ok) throw new Error(r.problems.join());
    expect(r.config.live).toMatchObject({ sseMaxStreams: 50, sseMaxPerClient: 4 });
    expect(r.config.metricsPublic).toBe(true);
    expect(r.config.auth.publicOrigin).toBe('https://lockstep.example.com');
    const bad = parseConfig({ LOCKSTEP_PUBLIC_URL: 'lockstep.example.com' });
    expect(!bad.ok && bad.problems.join()).toMatch(/LOCKSTEP_PUBLIC_URL/);
  });
});

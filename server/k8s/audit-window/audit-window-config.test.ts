import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config';

const RELAY = { HUBBLE_RELAY_ADDR: 'hubble-relay.kube-system:80' };

describe('audit window configuration', () => {
  it('is off on a cluster unless asked for, with 48 h windows of at most two weeks', () => {
    const off = parseConfig(RELAY);
    expect(off.ok && off.config.auditWindow).toEqual({ enabled: false, defaultDurationMs: 48 * 3_600_000, maxDurationMs: 336 * 3_600_000, reconcileMs: 30_000 });
    const on = parseConfig({ ...RELAY, LOCKSTEP_AUDIT_WINDOW: 'enabled' });
    expect(on.ok && on.config.auditWindow.enabled).toBe(true);
  });

  it('is on by default on the demo relay (its cluster is the demo\'s own), and can be turned off there', () => {
    const demo = parseConfig({});
    expect(demo.ok && demo.config.auditWindow.enabled).toBe(true);
    const off = parseConfig({ LOCKSTEP_AUDIT_WINDOW: 'disabled' });
    expect(off.ok && off.config.auditWindow.enabled).toBe(false);
  });
});

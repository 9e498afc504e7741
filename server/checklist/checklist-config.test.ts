import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';

describe('checklist configuration', () => {
  it('defaults to a 24 h quiet period and observation, Kubernetes auto, kube-system', () => {
    const r = parseConfig({ HUBBLE_RELAY_ADDR: 'hubble-relay.kube-system:80' });
    if (!r.ok) throw new Error(r.problems.join());
    expect(r.config.checklist).toEqual({
      quietPeriodMs: 24 * 3_600_000,
      minObservationMs: 24 * 3_600_000,
      kubernetes: { mode: 'auto', kubeconfig: undefined, inCluster: false, timeoutMs: 5_000, cacheMs: 30_000, ciliumNamespace: 'kube-system' },
    });
  });

  it('on the demo relay, whose traffic is minutes old, defaults to a 2 minute quiet period and 1 minute of observation', () => {
    const r = parseConfig({});
    if (!r.ok) throw new Error(r.problems.join());
    expect(r.config.checklist).toMatchObject({ quietPeriodMs: 120_000, minObservationMs: 60_000 });
    const set = parseConfig({ LOCKSTEP_QUIET_PERIOD_HOURS: '24' });
    expect(set.ok && set.config.checklist.quietPeriodMs).toBe(24 * 3_600_000);
  });

  it('reads every variable, fractional hours included', () => {
    const r = parseConfig({
      LOCKSTEP_QUIET_PERIOD_HOURS: '0.5', LOCKSTEP_OBSERVATION_HOURS: '48', LOCKSTEP_KUBERNETES: 'off', LOCKSTEP_KUBERNETES_TIMEOUT_MS: '2000',
      LOCKSTEP_KUBERNETES_CACHE_MS: '10000', LOCKSTEP_CILIUM_NAMESPACE: 'cilium', KUBECONFIG: '/etc/kube/config', KUBERNETES_SERVICE_HOST: '10.96.0.1',
    });
    if (!r.ok) throw new Error(r.problems.join());
    expect(r.config.checklist).toEqual({
      quietPeriodMs: 1_800_000,
      minObservationMs: 48 * 3_600_000,
      kubernetes: { mode: 'off', kubeconfig: '/etc/kube/config', inCluster: true, timeoutMs: 2_000, cacheMs: 10_000, ciliumNamespace: 'cilium' },
    });
  });

  it('lists every bad value', () => {
    const r = parseConfig({ LOCKSTEP_QUIET_PERIOD_HOURS: '-1', LOCKSTEP_KUBERNETES_TIMEOUT_MS: '1.5', LOCKSTEP_CILIUM_NAMESPACE: 'Kube_System' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      'LOCKSTEP_CILIUM_NAMESPACE: "Kube_System" is not a namespace name',
      'LOCKSTEP_QUIET_PERIOD_HOURS: expected a positive number, got "-1"',
      'LOCKSTEP_KUBERNETES_TIMEOUT_MS: expected a positive integer, got "1.5"',
    ]);
    expect(parseConfig({ LOCKSTEP_KUBERNETES: 'maybe' }).ok).toBe(false);
  });
});

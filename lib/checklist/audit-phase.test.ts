import { describe, expect, it } from 'vitest';
import { checklistInput, confirmed, HOUR, kubeOn, NOW } from '../testing/checklist-builders';
import { auditPhaseOf, confirmationOf } from './audit-phase';

const audit = { flows: 3, firstAuditAt: NOW - 20 * HOUR, lastAuditAt: NOW - HOUR };
const phase = (o: Parameters<typeof checklistInput>[0]) => auditPhaseOf(checklistInput(o));

describe('auditPhaseOf', () => {
  it('takes the mode from cilium-config when readable, observation from its change time', () => {
    expect(phase({ kubernetes: kubeOn({ auditMode: true, changedAt: NOW - 30 * HOUR }), audit })).toEqual({
      mode: 'on', modeSource: 'kubernetes', everAudited: true, since: NOW - 30 * HOUR, sinceSource: 'kubernetes', enforcing: false, enforcedSince: undefined,
    });
    // No change time: the first AUDIT seen.
    expect(phase({ kubernetes: kubeOn({ auditMode: true }), audit })).toMatchObject({ since: NOW - 20 * HOUR, sinceSource: 'measured' });
  });

  it('reads off-after-audit as enforcing since the change, when the change came after the first AUDIT', () => {
    expect(phase({ kubernetes: kubeOn({ auditMode: false, changedAt: NOW - 2 * HOUR }), audit })).toMatchObject({ mode: 'off', enforcing: true, enforcedSince: NOW - 2 * HOUR });
    // An older change (audit seen after it: per-endpoint audit?) leaves the time unknown unless step 7 is confirmed.
    expect(phase({ kubernetes: kubeOn({ auditMode: false, changedAt: NOW - 90 * HOUR }), audit })).toMatchObject({ enforcing: true, enforcedSince: undefined });
    expect(phase({ kubernetes: kubeOn({ auditMode: false, changedAt: NOW - 90 * HOUR }), audit, confirmations: [confirmed(7, NOW - HOUR)] })).toMatchObject({ enforcedSince: NOW - HOUR });
    // Never audited: off is just the default.
    expect(phase({ kubernetes: kubeOn({ auditMode: false, changedAt: NOW }) })).toMatchObject({ mode: 'off', enforcing: false, everAudited: false });
  });

  it('uses confirmations where the ConfigMap cannot be read, step 7 over step 3', () => {
    expect(phase({ confirmations: [confirmed(3, NOW - 10 * HOUR)] })).toMatchObject({ mode: 'on', modeSource: 'manual', since: NOW - 10 * HOUR, sinceSource: 'manual' });
    expect(phase({ confirmations: [confirmed(3, NOW - 10 * HOUR), confirmed(7, NOW - HOUR)] })).toMatchObject({ mode: 'off', enforcing: true, enforcedSince: NOW - HOUR });
    expect(phase({ kubernetes: kubeOn({ auditMode: { ok: false, reason: 'timeout' } }), confirmations: [confirmed(3, NOW)] })).toMatchObject({ mode: 'on', modeSource: 'manual' });
  });

  it('is unknown without either, observing from the first AUDIT', () => {
    expect(phase({ audit })).toMatchObject({ mode: 'unknown', everAudited: true, since: NOW - 20 * HOUR, sinceSource: 'measured', enforcing: false });
    expect(phase({})).toMatchObject({ mode: 'unknown', everAudited: false, since: undefined });
  });

  it('lets the newest confirmation win, a withdrawal included', () => {
    const list = [confirmed(3, NOW - 2), confirmed(3, NOW - 1, 'bob', { confirmed: false })];
    expect(confirmationOf(list, 3)).toBeUndefined();
    expect(confirmationOf([...list, confirmed(3, NOW, 'carol')], 3)?.actor).toBe('carol');
  });
});

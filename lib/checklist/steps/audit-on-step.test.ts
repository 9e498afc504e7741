import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { expectValidCnp } from '../../testing/cnp-schema';
import { checklistInput, cnp, confirmed, HOUR, kubeOn, NOW, pod } from '../../testing/checklist-builders';
import { stepContext } from '../step-context';
import { auditOnStep } from './audit-on-step';

const audited = { flows: 12, firstAuditAt: NOW - 30 * HOUR, lastAuditAt: NOW - HOUR };
const step = (overrides: Parameters<typeof checklistInput>[0]) => auditOnStep(stepContext(checklistInput(overrides)));

describe('step 3: policyAuditMode: true', () => {
  it('is done when cilium-config says policy-audit-mode true (measured, no confirmation)', () => {
    const s = step({ kubernetes: kubeOn({ auditMode: true, changedAt: NOW - 5 * HOUR }) });
    expect(s).toMatchObject({ scope: 'cluster', state: 'done', confirmable: false });
    expect(s.evidence[0]).toEqual({ label: 'policy-audit-mode (kube-system/cilium-config)', value: 'true, ConfigMap changed 2026-11-03 05:00Z', source: 'kubernetes' });
  });

  it('is todo when cilium-config says false and audit mode was never on; done when it was (step 7 reached)', () => {
    expect(step({ kubernetes: kubeOn({ auditMode: false }) }).state).toBe('todo');
    expect(step({ kubernetes: kubeOn({ auditMode: false, changedAt: NOW - HOUR }), audit: audited }).state).toBe('done');
  });

  it('asks for a confirmation where the ConfigMap cannot be read, and is done with who and when once given', () => {
    const open = step({});
    expect(open).toMatchObject({ state: 'todo', confirmable: true });
    expect(open.evidence[0]).toEqual({ label: 'policy-audit-mode (kube-system/cilium-config)', value: 'Kubernetes API not read: demo mode', source: 'kubernetes' });
    const forbidden = step({ kubernetes: kubeOn({ auditMode: { ok: false, reason: '403 Forbidden' } }) });
    expect(forbidden.evidence[0].value).toBe('Kubernetes API not reachable: 403 Forbidden');
    expect(forbidden.confirmable).toBe(true);
    const done = step({ confirmations: [confirmed(3, NOW - HOUR, 'carol')] });
    expect(done).toMatchObject({ state: 'done', confirmedBy: 'carol', confirmedAt: NOW - HOUR });
  });

  it('is in progress when AUDIT verdicts appear but nobody confirmed audit mode cluster-wide', () => {
    const s = step({ audit: audited });
    expect(s.state).toBe('in-progress');
    expect(s.evidence[1]).toEqual({ label: 'AUDIT verdicts here', value: '12 flows, first 2026-11-02 04:00Z, last 2026-11-03 09:00Z (1h 0m ago)', source: 'measured' });
  });

  it('hands over the Helm value, the check command, and a namespace default-deny CNP when nothing selects the namespace', () => {
    const s = step({ kubernetes: kubeOn({ pods: [pod('blog')] }) });
    expect(parse(s.nextAction.copy!)).toEqual({ policyAuditMode: true });
    expect(s.nextAction.copy).toContain('Agent-wide');
    const [cnpBlock, check] = s.nextAction.also!;
    expect(check).toMatchObject({ language: 'shell' });
    expect(check.copy).toContain('cilium-dbg config | grep -i policyauditmode');
    const [doc] = parseAllDocuments(cnpBlock.copy).map((d) => d.toJS());
    expectValidCnp(doc);
    expect(doc).toMatchObject({ kind: 'CiliumNetworkPolicy', metadata: { name: 'lockstep-default-deny', namespace: 'blog' }, spec: { endpointSelector: {}, ingress: [{}] } });
    expect(doc.spec.egress[0].toPorts[0].rules.dns).toEqual([{ matchPattern: '*' }]);
  });

  it('leaves the CNP out when a policy already selects the namespace', () => {
    const s = step({ kubernetes: kubeOn({ pods: [pod('blog')], policies: [cnp('blog-policy', 'blog', { 'app.kubernetes.io/name': 'blog' })] }) });
    expect(s.nextAction.also!.map((a) => a.language)).toEqual(['shell']);
    expect(s.warnings).toEqual([]);
  });

  it('warns that audit mode reports nothing for a namespace no policy selects (§24)', () => {
    const s = step({ kubernetes: kubeOn({ auditMode: true, pods: [pod('blog')] }) });
    expect(s.warnings).toEqual([expect.objectContaining({ code: 'audit.no-selecting-policy', severity: 'warning', step: 3 })]);
    expect(s.warnings[0].message).toMatch(/^Audit mode is on, but no policy selects a pod of blog/);
    expect(s.nextAction.copy).toContain('kind: CiliumNetworkPolicy');
    // Known from the policy files too, against the workloads seen.
    const files = step({ policyFiles: [{ name: 'apps/blog/p.yaml', text: 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: x, namespace: blog}\nspec:\n  endpointSelector: {matchLabels: {app: other}}\n  ingress: [{}]\n' }] });
    expect(files.warnings[0].message).toMatch(/^Before audit mode goes on: no policy selects a pod of blog/);
  });

  it('warns that cluster-wide audit mode also suspends enforcement elsewhere (§25), before and while it is on', () => {
    const planned = step({ enforcingNamespaces: ['monitoring', 'blog'] });
    expect(planned.warnings).toEqual([expect.objectContaining({ code: 'audit.cluster-wide-stops-enforcement', severity: 'warning' })]);
    expect(planned.warnings[0].message).toBe(
      'monitoring already enforces policies. policy-audit-mode is agent-wide: turning it on suspends their enforcement too. Keep the audit window short.',
    );
    expect(planned.nextAction.text).toContain('monitoring will stop enforcing meanwhile');
    const on = step({ enforcingNamespaces: ['monitoring'], kubernetes: kubeOn({ auditMode: true }) });
    expect(on.warnings[0].message).toContain('while it is on, their enforcement is suspended too');
    const after = step({ enforcingNamespaces: ['monitoring'], kubernetes: kubeOn({ auditMode: false }), audit: audited });
    expect(after.warnings).toEqual([]);
  });
});

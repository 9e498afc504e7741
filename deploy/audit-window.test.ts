/**
 * deploy/components/audit-window: the optional RBAC of per-namespace audit windows renders on both overlays, adds
 * exactly one Role (pods/exec in kube-system, no ClusterRole) with its binding and turns the feature on; without
 * the component nothing may exec and the feature stays off.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateObject, type KubeObject } from './render-manifests';
import { configData, DEPLOY, ofKind, one, Renderings, ROOT } from './rendered-variants';

const renderings = new Renderings();
const rendered = new Map<string, KubeObject[]>();
beforeAll(() => {
  for (const overlay of ['sqlite', 'postgres']) {
    rendered.set(overlay, renderings.renderText(`audit-window-${overlay}`, (local) =>
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [${local(`overlays/${overlay}`)}]\ncomponents: [${local('components/audit-window')}]\n`));
    rendered.set(`${overlay}-plain`, renderings.renderText(`plain-${overlay}`, (local) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [${local(`overlays/${overlay}`)}]\n`));
  }
});
afterAll(() => renderings.cleanup());

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] };
const rulesOf = (o: KubeObject) => (o as unknown as { rules: Rule[] }).rules;
const execRules = (objs: KubeObject[]) => objs.filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole').flatMap(rulesOf).filter((r) => r.resources.includes('pods/exec'));

describe.each(['sqlite', 'postgres'])('deploy/components/audit-window on the %s overlay', (overlay) => {
  it('renders valid objects: one more Role and RoleBinding, both in kube-system, and no new ClusterRole', () => {
    const objs = rendered.get(overlay)!;
    const plain = rendered.get(`${overlay}-plain`)!;
    expect(objs.flatMap(validateObject)).toEqual([]);
    expect(ofKind(objs, 'ClusterRole')).toHaveLength(ofKind(plain, 'ClusterRole').length);
    const added = objs.filter((o) => (o.kind === 'Role' || o.kind === 'RoleBinding') && o.metadata.name === 'lockstep-audit-window');
    expect(added.map((o) => [o.kind, o.metadata.namespace])).toEqual([['Role', 'kube-system'], ['RoleBinding', 'kube-system']]);
  });

  it('grants exec (create, get) and pod reads in kube-system only, to Lockstep\'s service account', () => {
    const objs = rendered.get(overlay)!;
    const role = objs.find((o) => o.kind === 'Role' && o.metadata.name === 'lockstep-audit-window')!;
    expect(rulesOf(role)).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] },
    ]);
    const binding = objs.find((o) => o.kind === 'RoleBinding' && o.metadata.name === 'lockstep-audit-window') as unknown as { roleRef: object; subjects: object[] };
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'lockstep-audit-window' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'lockstep', namespace: 'lockstep' }]);
    // The audited namespaces' CiliumEndpoints and pods come from the base's read-only ClusterRole.
    const read = rulesOf(one(objs, 'ClusterRole')).flatMap((r) => r.resources.map((res) => `${res}:${r.verbs.join(',')}`));
    expect(read).toEqual(expect.arrayContaining(['pods:get,list,watch', 'ciliumendpoints:get,list,watch']));
  });

  it('turns the feature on; without the component nothing may exec and the feature is off', () => {
    expect(configData(rendered.get(overlay)!).LOCKSTEP_AUDIT_WINDOW).toBe('enabled');
    const plain = rendered.get(`${overlay}-plain`)!;
    expect(execRules(plain)).toEqual([]);
    expect(configData(plain).LOCKSTEP_AUDIT_WINDOW).toBeUndefined();
  });
});

describe('the README says what the permission allows', () => {
  it('names the component, the exec it allows, and the fallback without it', () => {
    const text = readFileSync(path.join(ROOT, 'README.md'), 'utf8') + readFileSync(path.join(DEPLOY, 'README.md'), 'utf8');
    expect(text).toContain('components/audit-window');
    expect(text).toMatch(/exec into (any|every) pod of kube-system/i);
    expect(text).toContain('LOCKSTEP_AUDIT_WINDOW=enabled');
  });
});

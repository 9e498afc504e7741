/**
 * Test helper for deploy/*.test.ts: the variants under test (each overlay, alone and with the ServiceMonitor
 * component), rendered once per test file, and loose accessors for the rendered objects (their schemas are
 * checked in deploy.test.ts; here fields are read by name).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { kustomizeVersion, renderKustomization, type KubeObject } from './render-manifests';

export const DEPLOY = __dirname;
export const ROOT = path.resolve(DEPLOY, '..');

/** One rendering under test. */
export interface Variant {
  name: string;
  overlay: 'sqlite' | 'postgres';
  serviceMonitor: boolean;
}

export const VARIANTS: Variant[] = [
  { name: 'sqlite', overlay: 'sqlite', serviceMonitor: false },
  { name: 'postgres', overlay: 'postgres', serviceMonitor: false },
  { name: 'sqlite + servicemonitor', overlay: 'sqlite', serviceMonitor: true },
  { name: 'postgres + servicemonitor', overlay: 'postgres', serviceMonitor: true },
];

/** Renders kustomizations written into a scratch directory (removed by {@link Renderings.cleanup}). */
export class Renderings {
  private readonly byName = new Map<string, KubeObject[]>();
  private scratch: string | undefined;

  /** Renders every variant; throws with what to install when kubectl's kustomize cannot. Call in beforeAll. */
  renderAll(): void {
    const kustomize = kustomizeVersion();
    if (!kustomize.ok) throw new Error(`${kustomize.reason}. Install kubectl (scripts/ensure-test-deps.sh) or set KUBECTL.`);
    for (const v of VARIANTS) this.byName.set(v.name, this.renderVariant(v));
  }

  /** The rendered objects of a variant. */
  get(v: Variant): KubeObject[] {
    const objs = this.byName.get(v.name);
    if (!objs) throw new Error(`${v.name} was not rendered`);
    return objs;
  }

  /** Renders `kustomization` (text) written into a fresh scratch directory; `local(p)` makes a deploy/ path relative to it. */
  renderText(prefix: string, kustomization: (local: (p: string) => string) => string): KubeObject[] {
    this.scratch ??= mkdtempSync(path.join(os.tmpdir(), 'lockstep-deploy-'));
    const dir = mkdtempSync(path.join(this.scratch, `${prefix}-`));
    const local = (p: string) => path.relative(dir, path.join(DEPLOY, p)).split(path.sep).join('/');
    writeFileSync(path.join(dir, 'kustomization.yaml'), kustomization(local));
    return renderKustomization(dir);
  }

  /** Removes the scratch directory. Call in afterAll. */
  cleanup(): void {
    if (this.scratch) rmSync(this.scratch, { recursive: true, force: true });
  }

  /** An overlay on its own, or wrapped in a throw-away kustomization that adds the component. */
  private renderVariant(v: Variant): KubeObject[] {
    if (!v.serviceMonitor) return renderKustomization(path.join(DEPLOY, 'overlays', v.overlay));
    return this.renderText(v.overlay, (local) =>
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [${local(`overlays/${v.overlay}`)}]\ncomponents: [${local('components/servicemonitor')}]\n`,
    );
  }
}

export const ofKind = (objs: KubeObject[], kind: string) => objs.filter((o) => o.kind === kind);

/** The one object of `kind` (fails the test when there are none or several). */
export function one(objs: KubeObject[], kind: string): KubeObject {
  const found = ofKind(objs, kind);
  expect(found, `exactly one ${kind}`).toHaveLength(1);
  return found[0];
}

/* eslint-disable @typescript-eslint/no-explicit-any -- loose views of validated objects */
export const podSpec = (objs: KubeObject[]): any => (one(objs, 'Deployment') as any).spec.template.spec;
export const container = (objs: KubeObject[]): any => podSpec(objs).containers.find((c: any) => c.name === 'lockstep');
export const podLabels = (objs: KubeObject[]): Record<string, string> => (one(objs, 'Deployment') as any).spec.template.metadata.labels;
export const configData = (objs: KubeObject[]): Record<string, string> => (one(objs, 'ConfigMap') as any).data;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Whether a `matchLabels` selector selects `labels`. */
export const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

/**
 * Test helper for deploy/ (never imported by the app): renders a kustomization with `kubectl kustomize` and
 * validates every object against its schema, the way the API server would before admitting it:
 * - built-in kinds, HTTPRoute and ServiceMonitor through the kubernetes-models packages (types, enums, formats,
 *   required fields; NOTE: they accept unknown fields, so deploy.test.ts asserts the fields that matter by name);
 * - CiliumNetworkPolicy through the Cilium CRD schema (lib/testing/cnp-schema.ts, strict about unknown fields).
 * Kubectl comes from $KUBECTL, else `kubectl` on the PATH; its embedded kustomize must know `patches` and
 * `components` (v4+; Debian bookworm's kubernetes-client 1.20 ships kustomize v2.0.3 and cannot).
 */
import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { ConfigMap, Namespace, PersistentVolumeClaim, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { validateCnp } from '../lib/testing/cnp-schema';

/** A rendered Kubernetes object (plain data, as parsed from YAML). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

type ModelClass = new (data: never) => { validate(): void };

/** The kinds Lockstep's manifests may contain, by `apiVersion/kind`. Anything else fails validation. */
const MODELS: Record<string, ModelClass> = {
  'v1/Namespace': Namespace,
  'v1/ServiceAccount': ServiceAccount,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'gateway.networking.k8s.io/v1/HTTPRoute': HTTPRoute,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
};

const CILIUM_KINDS = new Set(['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy']);
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The kubectl binary the tests use. */
export const KUBECTL = process.env.KUBECTL || 'kubectl';

/** The embedded kustomize's version (`v5.5.0`), or a reason it cannot be used. */
export function kustomizeVersion(): { ok: true; version: string } | { ok: false; reason: string } {
  let out: string;
  try {
    out = execFileSync(KUBECTL, ['version', '--client', '-o', 'json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    return { ok: false, reason: `cannot run "${KUBECTL} version --client": ${(error as Error).message.split('\n')[0]}` };
  }
  const version = String((JSON.parse(out) as { kustomizeVersion?: string }).kustomizeVersion ?? '');
  const major = Number(/^v(\d+)\./.exec(version)?.[1] ?? 0);
  if (major < 4) return { ok: false, reason: `${KUBECTL}'s kustomize is ${version || 'older than v4'}; deploy/ needs v4+ (patches, components)` };
  return { ok: true, version };
}

/** Parses multi-document YAML into objects; throws on a YAML error. */
export function parseObjects(text: string): KubeObject[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`YAML error: ${doc.errors[0].message}`);
      return doc.toJS() as KubeObject | null;
    })
    .filter((o): o is KubeObject => o !== null && typeof o === 'object');
}

/** `kubectl kustomize <dir>`, parsed. */
export function renderKustomization(dir: string): KubeObject[] {
  const out = execFileSync(KUBECTL, ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 * 1024 * 1024 });
  return parseObjects(out);
}

/** Every reason `obj` would not be admitted (empty when valid). */
export function validateObject(obj: KubeObject): string[] {
  const id = `${obj.kind}/${obj.metadata?.name}`;
  if (CILIUM_KINDS.has(obj.kind)) return validateCnp(obj).map((e) => `${id}: ${e}`);
  const Model = MODELS[`${obj.apiVersion}/${obj.kind}`];
  if (!Model) return [`${id}: no schema for ${obj.apiVersion} ${obj.kind} (add it to MODELS in deploy/render-manifests.ts)`];
  const errors: string[] = [];
  if (typeof obj.metadata?.name !== 'string' || !DNS_1123_SUBDOMAIN.test(obj.metadata.name)) errors.push(`${id}: metadata.name must be a DNS-1123 subdomain`);
  try {
    new Model(obj as never).validate();
  } catch (error) {
    errors.push(`${id}: ${(error as Error).message}`);
  }
  return errors;
}

/**
 * deploy/: every overlay (alone and with the ServiceMonitor component) renders with `kubectl kustomize`, every
 * object validates against its schema, the pieces reference each other, the Deployment is locked down, and the
 * README's snippets render. The policy itself is tested in ciliumnetworkpolicy.test.ts. Needs kubectl with
 * kustomize v4+ (see render-manifests.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseObjects, validateObject, type KubeObject } from './render-manifests';
import { configData, container, DEPLOY, matches, ofKind, one, podLabels, podSpec, Renderings, ROOT, VARIANTS, type Variant } from './rendered-variants';

const renderings = new Renderings();
beforeAll(() => renderings.renderAll());
afterAll(() => renderings.cleanup());
const objs = (v: Variant) => renderings.get(v);

/** Variables declared in server/'s zod env schemas (`  NAME: z...` in non-test files). */
function environmentVariablesRead(): Set<string> {
  const dir = path.join(ROOT, 'server');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  const source = files.map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
  return new Set([...source.matchAll(/^\s+([A-Z][A-Z0-9_]+): (?:z\b|bool\b|list\b|positiveInt\()/gm)].map((m) => m[1]));
}

/** Example Secrets (deploy/secrets.example.yaml): name → keys. */
function exampleSecrets(): Map<string, Set<string>> {
  const docs = parseObjects(readFileSync(path.join(DEPLOY, 'secrets.example.yaml'), 'utf8'));
  return new Map(docs.map((s) => [s.metadata.name, new Set(Object.keys({ ...(s.data as object), ...(s.stringData as object) }))]));
}

describe.each(VARIANTS)('deploy/ $name', (v) => {
  it('renders objects that all validate against their schemas, once each, none of them a Secret', () => {
    const o = objs(v);
    expect(o.length).toBeGreaterThan(10);
    expect(o.flatMap(validateObject)).toEqual([]);
    const ids = o.map((x) => `${x.apiVersion}/${x.kind}/${x.metadata.namespace ?? ''}/${x.metadata.name}`);
    expect(new Set(ids).size).toBe(ids.length);
    // Secrets are created out of band (secrets.example.yaml): a rendered one would overwrite them on every sync.
    expect(ofKind(o, 'Secret')).toEqual([]);
  });

  it('puts everything in the lockstep namespace but the one kube-system Role and its binding', () => {
    const clusterScoped = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);
    for (const o of objs(v)) {
      if (clusterScoped.has(o.kind)) expect(o.metadata.namespace, o.kind).toBeUndefined();
      else if (o.kind === 'Role' || o.kind === 'RoleBinding') expect(o.metadata.namespace).toBe('kube-system');
      else expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).toBe('lockstep');
    }
    expect(one(objs(v), 'Namespace').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('grants read-only RBAC: the listed resources cluster-wide, and get on cilium-config only in kube-system', () => {
    const o = objs(v);
    const rules = (kind: string) => (one(o, kind) as unknown as { rules: { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }[] }).rules;
    const granted = rules('ClusterRole').flatMap((r) => r.resources.map((res) => `${r.apiGroups.join(',')}/${res}:${[...r.verbs].sort().join(',')}`));
    expect(granted.sort()).toEqual(
      [
        '/namespaces', '/pods', '/services', 'discovery.k8s.io/endpointslices', 'cilium.io/ciliumnetworkpolicies',
        'cilium.io/ciliumclusterwidenetworkpolicies', 'cilium.io/ciliumendpoints', 'cilium.io/ciliumidentities',
      ].map((r) => `${r}:get,list,watch`).sort(),
    );
    expect(rules('Role')).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['cilium-config'], verbs: ['get'] }]);
    for (const kind of ['ClusterRoleBinding', 'RoleBinding']) {
      const binding = one(o, kind) as unknown as { roleRef: { kind: string; name: string }; subjects: unknown[] };
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'lockstep', namespace: 'lockstep' }]);
      expect(one(o, binding.roleRef.kind).metadata.name).toBe(binding.roleRef.name);
    }
    expect(podSpec(o).serviceAccountName).toBe(one(o, 'ServiceAccount').metadata.name);
  });

  it('runs the pod non-root, read-only, without privileges, with resources, probes and a grace period', () => {
    const pod = podSpec(objs(v));
    const c = container(objs(v));
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    expect(c.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(c.securityContext.capabilities.add).toBeUndefined();
    expect(c.securityContext.privileged).not.toBe(true);
    expect([pod.hostNetwork, pod.hostPID, pod.hostIPC].some(Boolean)).toBe(false);
    expect(pod.volumes.filter((vol: { hostPath?: unknown }) => vol.hostPath)).toEqual([]);
    expect(c.image).toMatch(/^ghcr\.io\/example\/lockstep:\d+\.\d+\.\d+$/);
    for (const kind of ['requests', 'limits']) expect(Object.keys(c.resources[kind]).sort()).toEqual(['cpu', 'memory']);
    expect(c.livenessProbe.httpGet).toEqual({ path: '/api/healthz', port: 'http' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/api/readyz', port: 'http' });
    expect(c.startupProbe.httpGet).toEqual({ path: '/api/healthz', port: 'http' });
    for (const route of ['app/api/healthz/route.ts', 'app/api/readyz/route.ts', 'app/metrics/route.ts']) expect(existsSync(path.join(ROOT, route)), route).toBe(true);
    // SIGTERM: Lockstep force-exits after 10 s (server/start-node.ts); preStop sleeps 5 s before it.
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(20);
    expect(c.env).toEqual(expect.arrayContaining([{ name: 'HOSTNAME', value: '0.0.0.0' }, { name: 'PORT', value: '3000' }]));
    // The writable places on a read-only root filesystem.
    expect(c.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toEqual(expect.arrayContaining(['/tmp', '/app/.next/cache', '/data']));
  });

  it('wires Service → container port, HTTPRoute → Service, selectors → pod labels', () => {
    const o = objs(v);
    const labels = podLabels(o);
    const ports = container(o).ports as { name: string; containerPort: number }[];
    expect(ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
    const svc = one(o, 'Service') as unknown as { metadata: { name: string }; spec: { selector: Record<string, string>; ports: { name: string; port: number; targetPort: string }[] } };
    expect(matches(svc.spec.selector, labels)).toBe(true);
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    const deployment = one(o, 'Deployment') as unknown as { spec: { selector: { matchLabels: Record<string, string> } } };
    expect(matches(deployment.spec.selector.matchLabels, labels)).toBe(true);
    const route = one(o, 'HTTPRoute') as unknown as { spec: { parentRefs: object[]; hostnames: string[]; rules: { backendRefs: { name: string; port: number }[] }[] } };
    expect(route.spec.parentRefs).toEqual([expect.objectContaining({ kind: 'Gateway', name: 'traefik-gateway', namespace: 'traefik' })]);
    expect(route.spec.hostnames).toEqual(['lockstep.example.com']);
    expect(route.spec.rules.flatMap((r) => r.backendRefs)).toEqual([{ name: svc.metadata.name, port: 80 }]);
    const cnp = one(o, 'CiliumNetworkPolicy') as unknown as { spec: { endpointSelector: { matchLabels: Record<string, string> } } };
    expect(matches(cnp.spec.endpointSelector.matchLabels, labels)).toBe(true);
    for (const pdb of ofKind(o, 'PodDisruptionBudget')) expect(matches((pdb as unknown as { spec: { selector: { matchLabels: Record<string, string> } } }).spec.selector.matchLabels, labels)).toBe(true);
  });

  it('takes configuration from the rendered ConfigMap and Secrets that secrets.example.yaml documents', () => {
    const o = objs(v);
    const c = container(o);
    const cm = one(o, 'ConfigMap');
    expect(c.envFrom).toEqual([{ configMapRef: { name: cm.metadata.name } }]);
    const secrets = exampleSecrets();
    for (const vol of podSpec(o).volumes.filter((x: { secret?: unknown }) => x.secret)) {
      const keys = secrets.get(vol.secret.secretName);
      expect(keys, `example for Secret ${vol.secret.secretName}`).toBeDefined();
      for (const item of vol.secret.items) expect(keys!.has(item.key), `${vol.secret.secretName}/${item.key}`).toBe(true);
    }
    for (const e of c.env.filter((x: { valueFrom?: unknown }) => x.valueFrom)) {
      const ref = e.valueFrom.secretKeyRef;
      expect(secrets.get(ref.name)?.has(ref.key), `${ref.name}/${ref.key}`).toBe(true);
    }
  });

  it('points every *_FILE(S) setting at a key of a mounted Secret', () => {
    const o = objs(v);
    const mounts = container(o).volumeMounts as { name: string; mountPath: string }[];
    const volumes = new Map<string, { secret?: { items?: { path: string }[] } }>(podSpec(o).volumes.map((x: { name: string }) => [x.name, x]));
    const files = Object.entries(configData(o))
      .filter(([k]) => /_FILES?$/.test(k))
      .flatMap(([k, value]) => value.split(',').filter(Boolean).map((file) => [k, file.trim()] as const));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const [key, file] of files) {
      const mount = mounts.find((m) => file.startsWith(`${m.mountPath}/`));
      expect(mount, `${key}=${file} is under a volumeMount`).toBeDefined();
      const items = volumes.get(mount!.name)?.secret?.items?.map((i) => i.path) ?? [];
      expect(items, `${key}=${file}`).toContain(file.slice(mount!.mountPath.length + 1));
    }
  });

  it('sets only environment variables Lockstep (or Node.js / Next.js) reads', () => {
    const read = environmentVariablesRead();
    // NOTE: announced for the auth work and not landed in server/ yet; delete once they are in an env schema.
    const announced = [
      'LOCKSTEP_AUTH_MODE', 'LOCKSTEP_AUTH_TRUSTED_PROXIES', 'LOCKSTEP_AUTH_PROXY_SECRET_FILE', 'LOCKSTEP_AUTH_USER_HEADER',
      'LOCKSTEP_AUTH_EMAIL_HEADER', 'LOCKSTEP_AUTH_GROUPS_HEADER', 'LOCKSTEP_AUTH_REVIEWER_GROUPS', 'LOCKSTEP_AUTH_ADMIN_GROUPS',
    ];
    const runtime = ['NODE_OPTIONS', 'PORT', 'HOSTNAME'];
    const known = new Set([...read, ...announced, ...runtime]);
    const set = [...Object.keys(configData(objs(v))), ...container(objs(v)).env.map((e: { name: string }) => e.name)];
    expect(set.filter((name) => !known.has(name))).toEqual([]);
    expect(read.has('HUBBLE_RELAY_ADDR')).toBe(true);
  });
});


// ---- Per overlay ------------------------------------------------------------------------------------------

describe('overlays', () => {
  const sqlite = () => objs(VARIANTS[0]);
  const postgres = () => objs(VARIANTS[1]);
  const dataVolume = (o: KubeObject[]) => podSpec(o).volumes.find((x: { name: string }) => x.name === 'data');

  it('sqlite: one replica, Recreate, /data on the PersistentVolumeClaim, no DATABASE_URL', () => {
    const o = sqlite();
    const deployment = one(o, 'Deployment') as unknown as { spec: { replicas: number; strategy: { type: string } } };
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    const pvc = one(o, 'PersistentVolumeClaim') as unknown as { metadata: { name: string }; spec: { accessModes: string[] } };
    expect(pvc.spec.accessModes).toEqual(['ReadWriteOnce']);
    // Exactly one volume source: the patch must have removed the base's emptyDir.
    expect(dataVolume(o)).toEqual({ name: 'data', persistentVolumeClaim: { claimName: pvc.metadata.name } });
    expect(configData(o).LOCKSTEP_DATA_DIR).toBe('/data');
    expect(container(o).env.map((e: { name: string }) => e.name)).not.toContain('DATABASE_URL');
    expect(ofKind(o, 'PodDisruptionBudget')).toEqual([]);
  });

  it('postgres: several replicas rolling with none unavailable, DATABASE_URL from a Secret, no PVC', () => {
    const o = postgres();
    const deployment = one(o, 'Deployment') as unknown as { spec: { replicas: number; strategy: { type: string; rollingUpdate: { maxUnavailable: number } } } };
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(deployment.spec.strategy).toMatchObject({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } });
    expect(ofKind(o, 'PersistentVolumeClaim')).toEqual([]);
    expect(Object.keys(dataVolume(o)).sort()).toEqual(['emptyDir', 'name']);
    expect(container(o).env).toContainEqual({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'lockstep-database', key: 'url' } } });
    expect(configData(o).DATABASE_URL).toBeUndefined();
    expect((one(o, 'PodDisruptionBudget') as unknown as { spec: { minAvailable: number } }).spec.minAvailable).toBe(1);
  });

  it('servicemonitor: scrapes /metrics on the Service’s named port in the lockstep namespace', () => {
    for (const v of VARIANTS.filter((x) => x.serviceMonitor)) {
      const o = objs(v);
      const sm = one(o, 'ServiceMonitor') as unknown as { metadata: { namespace: string }; spec: { selector: { matchLabels: Record<string, string> }; endpoints: { port: string; path: string }[] } };
      const svc = one(o, 'Service') as unknown as { metadata: { labels: Record<string, string> }; spec: { ports: { name: string }[] } };
      expect(sm.metadata.namespace).toBe('lockstep');
      expect(matches(sm.spec.selector.matchLabels, svc.metadata.labels)).toBe(true);
      expect(sm.spec.endpoints).toEqual([expect.objectContaining({ port: 'http', path: '/metrics' })]);
      expect(svc.spec.ports.map((p) => p.name)).toContain('http');
    }
    for (const v of VARIANTS.filter((x) => !x.serviceMonitor)) expect(ofKind(objs(v), 'ServiceMonitor')).toEqual([]);
  });
});

describe('secrets.example.yaml', () => {
  it('holds valid Secrets with placeholder values only, each one used by an overlay', () => {
    const docs = parseObjects(readFileSync(path.join(DEPLOY, 'secrets.example.yaml'), 'utf8'));
    expect(docs.flatMap(validateObject)).toEqual([]);
    for (const s of docs) {
      expect(s.metadata.namespace).toBe('lockstep');
      for (const value of Object.values(s.stringData as Record<string, string>)) expect(value).toMatch(/^PLACEHOLDER/);
      expect(s.data).toBeUndefined();
    }
    const used = new Set(
      VARIANTS.flatMap((v) => [
        ...podSpec(objs(v)).volumes.filter((x: { secret?: unknown }) => x.secret).map((x: { secret: { secretName: string } }) => x.secret.secretName),
        ...container(objs(v)).env.filter((e: { valueFrom?: unknown }) => e.valueFrom).map((e: { valueFrom: { secretKeyRef: { name: string } } }) => e.valueFrom.secretKeyRef.name),
      ]),
    );
    expect(docs.map((s) => s.metadata.name).sort()).toEqual([...used].sort());
  });
});

// ---- deploy/README.md: its kustomize snippets render and its Middlewares match the route's filters ----------

describe('deploy/README.md', () => {
  const blocks = () => [...readFileSync(path.join(DEPLOY, 'README.md'), 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
  const REMOTE = /https:\/\/github\.com\/example\/lockstep\/\/deploy\/([\w/-]+)\?ref=[\w.-]+/g;

  /** A README kustomization (remote bases made local; a patches-only snippet goes on top of the sqlite overlay). */
  const renderSnippet = (text: string): KubeObject[] =>
    renderings.renderText('readme', (local) => {
      const body = text.replace(REMOTE, (_, p: string) => local(p));
      if (/^kind: Kustomization$/m.test(body)) return body;
      return `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [${local('overlays/sqlite')}]\n${body}`;
    });

  it('has kustomize snippets that render to valid objects with the documented changes', () => {
    const snippets = blocks().filter((b) => /^(kind: Kustomization|patches:)$/m.test(b));
    expect(snippets).toHaveLength(2);
    const [overlay, forwardAuth] = snippets.map(renderSnippet);
    for (const o of [overlay, forwardAuth]) expect(o.flatMap(validateObject)).toEqual([]);
    expect((one(overlay, 'HTTPRoute') as unknown as { spec: { hostnames: string[] } }).spec.hostnames).toEqual(['lockstep.your-domain.example']);
    expect(configData(overlay).GITHUB_REPOSITORY).toBe('your-org/cluster-gitops');
    expect(ofKind(overlay, 'ServiceMonitor')).toHaveLength(1);
    const filters = (one(forwardAuth, 'HTTPRoute') as unknown as { spec: { rules: { filters: { type: string; extensionRef: { group: string; kind: string; name: string } }[] }[] } }).spec.rules[0].filters;
    expect(filters.map((f) => f.type)).toEqual(['ExtensionRef', 'ExtensionRef']);
    // The Middlewares the README defines are the ones the route names, in the route's namespace.
    const middlewares = blocks().flatMap((b) => parseObjects(b)).filter((o) => o.kind === 'Middleware');
    expect(middlewares.map((m) => [m.apiVersion, m.metadata.namespace, m.metadata.name])).toEqual(
      filters.map((f) => [`${f.extensionRef.group}/v1alpha1`, 'lockstep', f.extensionRef.name]),
    );
  });

  it('documents the configuration the manifests use', () => {
    const text = readFileSync(path.join(DEPLOY, 'README.md'), 'utf8');
    const config = configData(objs(VARIANTS[0]));
    for (const line of text.matchAll(/^((?:HUBBLE|LOCKSTEP_AUTH)_[A-Z_]+)=(\S*)/gm)) {
      if (line[1] === 'HUBBLE_RELAY_ADDR' && line[2].endsWith(':80')) continue; // the plaintext alternative
      expect(config[line[1]], line[1]).toBe(line[2]);
    }
  });
});

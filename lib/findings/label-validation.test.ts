import { describe, expect, it } from 'vitest';
import { isValidLabelKey, isValidLabelValue, isValidNamespace, isValidSelectorKey, splitSelectorKey } from './label-validation';

describe('label validation (flows are untrusted)', () => {
  it.each(['app', 'app.kubernetes.io/name', 'k8s-app', 'A_b.c-1', `${'a'.repeat(253)}/${'b'.repeat(63)}`])('accepts key %s', (key) => {
    expect(isValidLabelKey(key)).toBe(true);
  });

  it.each(['', '-app', 'app-', 'a/b/c', 'Example.COM/name', '/name', 'prefix/', 'a b', 'app\nx', `${'b'.repeat(64)}`, `${'a'.repeat(254)}/b`, 'k8s:app'])(
    'rejects key %j',
    (key) => expect(isValidLabelKey(key)).toBe(false),
  );

  it.each(['', 'blog', 'traefik-traefik', 'v1.2_3', 'a'.repeat(63)])('accepts value %j', (value) => expect(isValidLabelValue(value)).toBe(true));

  it.each(['-x', 'x-', 'a b', 'x: y', 'x\ny: z', '"quoted"', 'a'.repeat(64), 'ünïcode', '*'])('rejects value %j', (value) => {
    expect(isValidLabelValue(value)).toBe(false);
  });

  it('validates namespaces as DNS-1123 labels', () => {
    expect(isValidNamespace('kube-system')).toBe(true);
    expect(isValidNamespace('Kube-System')).toBe(false);
    expect(isValidNamespace('a.b')).toBe(false);
    expect(isValidNamespace('')).toBe(false);
  });

  it('splits Cilium source prefixes off selector keys, both forms valid (§5)', () => {
    expect(splitSelectorKey('k8s:app')).toEqual({ source: 'k8s', key: 'app' });
    expect(splitSelectorKey('app.kubernetes.io/name')).toEqual({ source: undefined, key: 'app.kubernetes.io/name' });
    expect(isValidSelectorKey('k8s:io.kubernetes.pod.namespace')).toBe(true);
    expect(isValidSelectorKey('k8s:bad key')).toBe(false);
  });
});

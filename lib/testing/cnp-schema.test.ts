import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateCnp } from './cnp-schema';

const base = { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'p', namespace: 'prod' } };
const spec = (rule: object) => ({ ...base, spec: { endpointSelector: { matchLabels: { app: 'api' } }, ...rule } });

describe('validateCnp (CRD schema + what the API server would prune)', () => {
  it('accepts a real policy (the rollout blog post)', () => {
    const file = path.resolve(__dirname, '../policy/testdata/demo-merged-blog.yaml');
    expect(validateCnp(parse(fs.readFileSync(file, 'utf8').split('\n---\n')[0]))).toEqual([]);
  });

  it.each([
    ['an unknown field (would be pruned silently)', spec({ ingress: [{ fromEndpoint: [{}] }] })],
    ['a numeric port', spec({ ingress: [{ toPorts: [{ ports: [{ port: 80 }] }] }] })],
    ['an invalid label value', spec({ ingress: [{ fromEndpoints: [{ matchLabels: { app: 'a b' } }] }] })],
    ['an invalid label key', spec({ ingress: [{ fromEndpoints: [{ matchLabels: { 'a b': 'x' } }] }] })],
    ['an unknown entity', spec({ egress: [{ toEntities: ['world-ipv4'] }] })],
    ['an invalid CIDR', spec({ egress: [{ toCIDR: ['10.0.0.1/33'] }] })],
    ['no rules at all', spec({})],
    ['neither spec nor specs', base],
    ['a CNP without a namespace', { ...spec({ ingress: [{}] }), metadata: { name: 'p' } }],
    ['an invalid name', { ...spec({ ingress: [{}] }), metadata: { name: 'Bad_Name', namespace: 'prod' } }],
  ])('rejects %s', (_name, obj) => {
    expect(validateCnp(obj)).not.toEqual([]);
  });

  it('handles x-kubernetes-int-or-string (ICMP types as numbers or names) and Go regexps', () => {
    expect(validateCnp(spec({ egress: [{ icmps: [{ fields: [{ type: 8 }, { type: 'EchoRequest', family: 'IPv6' }] }] }] }))).toEqual([]);
    expect(validateCnp({ ...spec({ ingress: [{}] }), spec: { endpointSelector: {}, ingress: [{}], log: { value: 'ok' } } })).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { flowBetween } from '../testing/flow-builders';
import { extractFindings } from './extract-findings';

const client = { labels: { app: 'client' } };

function subjectOf(labels: Record<string, string>, options = {}) {
  const result = extractFindings([flowBetween('prod/client', 'prod/db', { direction: 'INGRESS', port: 5432, source: client, destination: { labels } })], options);
  return { selector: result.findings[0]?.subject.selector, problems: result.problems };
}

describe('stable selectors (§6)', () => {
  it('follows the priority app.kubernetes.io/name, app, k8s-app, name', () => {
    expect(subjectOf({ app: 'a', 'app.kubernetes.io/name': 'n', 'k8s-app': 'k', name: 'x' }).selector).toEqual({ 'app.kubernetes.io/name': 'n' });
    expect(subjectOf({ name: 'x', 'k8s-app': 'k', app: 'a' }).selector).toEqual({ app: 'a' });
    expect(subjectOf({ name: 'x', 'k8s-app': 'k' }).selector).toEqual({ 'k8s-app': 'k' });
    expect(subjectOf({ name: 'x' }).selector).toEqual({ name: 'x' });
  });

  it('never uses unstable keys: a StatefulSet with pod-index labels gets its app label only', () => {
    const labels = {
      app: 'postgres',
      'statefulset.kubernetes.io/pod-name': 'postgres-0',
      'apps.kubernetes.io/pod-index': '0',
      'controller-revision-hash': 'postgres-5d9f',
      'pod-template-hash': '7d4b9c8f6',
      'batch.kubernetes.io/job-name': 'x',
    };
    expect(subjectOf(labels).selector).toEqual({ app: 'postgres' });
  });

  it('without any stable label: a finding no rule can select, with a coded problem (no fallback to per-pod labels)', () => {
    const { selector, problems } = subjectOf({ 'pod-template-hash': 'abc', 'statefulset.kubernetes.io/pod-name': 'db-0' });
    expect(selector).toEqual({});
    expect(problems).toMatchObject([{ code: 'LSP002', severity: 'warning', namespace: 'prod' }]);
  });

  it('has a configurable priority, ignoring unstable keys in it (LSP012)', () => {
    const options = { labelPriority: ['pod-template-hash', 'team', 'app'] };
    const { selector, problems } = subjectOf({ app: 'db', team: 'core', 'pod-template-hash': 'abc' }, options);
    expect(selector).toEqual({ team: 'core' });
    expect(problems.map((p) => p.code)).toEqual(['LSP012']);
  });

  it('adds app.kubernetes.io/instance only when two workloads share the name label', () => {
    const db = (instance: string) => ({ labels: { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/instance': instance } });
    const one = extractFindings([flowBetween('prod/client', 'prod/db', { direction: 'INGRESS', port: 5432, source: client, destination: db('main') })]);
    expect(one.findings[0].subject.selector).toEqual({ 'app.kubernetes.io/name': 'postgres' });
    const two = extractFindings([
      flowBetween('prod/client', 'prod/db', { direction: 'INGRESS', port: 5432, source: client, destination: db('main') }),
      flowBetween('prod/client', 'prod/db2', { direction: 'INGRESS', port: 5432, source: client, destination: db('analytics') }),
    ]);
    expect(two.findings.map((f) => f.subject.selector)).toEqual([
      { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/instance': 'analytics' },
      { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/instance': 'main' },
    ]);
  });

  it('warns when a selector cannot tell two workloads apart (LSP011)', () => {
    const flows = [
      flowBetween('prod/client', 'prod/db', { direction: 'INGRESS', port: 5432, source: client, destination: { labels: { app: 'db' } } }),
      flowBetween('prod/client', 'prod/db2', { direction: 'INGRESS', port: 5432, source: client, destination: { labels: { app: 'db', 'app.kubernetes.io/name': 'other' } } }),
    ];
    expect(extractFindings(flows).problems.map((p) => p.code)).toContain('LSP011');
  });
});

describe('untrusted labels (an invalid label never reaches a selector)', () => {
  it.each([
    ['a value with a newline', 'blog\nmalicious: true'],
    ['a value with YAML syntax', 'x: [y]'],
    ['an overlong value', 'a'.repeat(64)],
    ['a value with spaces', 'my blog'],
  ])('%s is left out, with LSP001', (_name, value) => {
    const { selector, problems } = subjectOf({ 'app.kubernetes.io/name': value, app: 'blog' });
    expect(selector).toEqual({ app: 'blog' });
    expect(problems.map((p) => p.code)).toEqual(['LSP001']);
  });

  it('an invalid namespace skips the flow (LSP003)', () => {
    const flow = flowBetween('prod/client', 'prod/db', { direction: 'INGRESS', port: 5432, source: client, destination: { labels: { app: 'db' } } });
    flow.destination = { ...flow.destination, namespace: 'Prod; rm -rf', labels: ['k8s:app=db'] };
    const result = extractFindings([flow]);
    expect(result.findings).toEqual([]);
    expect(result.problems.map((p) => p.code)).toEqual(['LSP003']);
  });

  it('never selects on a label key `host` and warns about it (cilium/cilium#48027)', () => {
    const { selector, problems } = subjectOf({ app: 'db', host: 'node-1' }, { labelPriority: ['host', 'app'] });
    expect(selector).toEqual({ app: 'db' });
    expect(problems.map((p) => p.code).sort()).toEqual(['LSP010', 'LSP012']);
  });

  it('keeps the labels all pods of a workload share (per-pod labels drop out) for policy matching', () => {
    // Per-pod labels mean per-pod security identities.
    const flows = ['a', 'b'].map((hash, i) =>
      flowBetween('prod/client', 'prod/db', { direction: 'INGRESS', port: 5432, source: client, destination: { labels: { app: 'db', tier: 'data', 'pod-template-hash': hash }, identity: 5000 + i } }),
    );
    const { labels } = extractFindings(flows).findings[0].subject;
    expect(labels).toMatchObject({ app: 'db', tier: 'data', 'io.kubernetes.pod.namespace': 'prod' });
    expect(labels).not.toHaveProperty('pod-template-hash');
  });
});

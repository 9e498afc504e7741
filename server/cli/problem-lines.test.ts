import { describe, expect, it } from 'vitest';
import { problem } from '@/lib/findings/problems';
import type { LintProblem } from '@/lib/lint/lint-rule';
import { problemLines } from './problem-lines';

const lint = (name: string, path: string): LintProblem => ({ code: 'CNP002', id: 'entities.host' as LintProblem['id'], severity: 'warning', message: 'Host is allowed.', path, policy: { name, namespace: 'blog', kind: 'CiliumNetworkPolicy' } });

describe('problemLines', () => {
  it('prints a repeated problem once, naming each subject, with a count', () => {
    const lines = problemLines(
      [problem('LSP009', { namespace: 'monitoring', workload: 'prometheus', count: 4 }), problem('LSP009', { namespace: 'blog', workload: 'blog', count: 2 }), problem('LSP009', { namespace: 'blog', workload: 'blog', count: 1 })],
      [lint('a', 'spec/ingress[0]'), lint('b', 'spec/ingress[0]'), lint('b', 'spec/ingress[0]')],
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^error LSP009: .* \[blog\/blog, monitoring\/prometheus\] \(7 flows\)$/);
    expect(lines[1]).toBe('warning CNP002 entities.host: Host is allowed. [blog/a spec/ingress[0], blog/b spec/ingress[0]] (3 times)');
  });

  it('keeps a single problem plain and cuts long subject lists', () => {
    expect(problemLines([problem('LSP106', { source: 'apps/blog.yaml' })], [])).toEqual([`warning LSP106: ${problem('LSP106').message} [apps/blog.yaml]`.replace(/^warning/, problem('LSP106').severity)]);
    const many = Array.from({ length: 8 }, (_, i) => problem('LSP001', { namespace: `ns${i}` }));
    expect(problemLines(many, [])[0]).toMatch(/\[ns0, ns1, ns2, ns3, ns4, and 3 more\] \(8 flows\)$/);
  });
});

import type { Problem } from '@/lib/findings/problems';
import type { LintProblem } from '@/lib/lint/lint-rule';

/**
 * The warnings `lockstep suggest` prints: one line per distinct problem (same severity, code and message), naming
 * what it is about (the namespace/workload, file or policy, at most five, then "and N more") and how often it
 * occurred, instead of one line per document or per finding.
 */
export function problemLines(problems: readonly Problem[], lints: readonly LintProblem[]): string[] {
  const groups = new Map<string, { head: string; subjects: Set<string>; count: number; unit: string }>();
  const add = (head: string, subject: string | undefined, count: number, unit: string) => {
    const group = groups.get(head) ?? { head, subjects: new Set<string>(), count: 0, unit };
    if (subject) group.subjects.add(subject);
    group.count += count;
    groups.set(head, group);
  };
  for (const p of problems) {
    const subject = p.namespace ? `${p.namespace}${p.workload ? `/${p.workload}` : ''}` : p.source;
    add(`${p.severity} ${p.code}: ${p.message}`, subject, p.count, 'flow');
  }
  for (const l of lints) {
    const subject = l.policy ? `${l.policy.namespace ? `${l.policy.namespace}/` : ''}${l.policy.name}${l.path ? ` ${l.path}` : ''}` : undefined;
    add(`${l.severity} ${l.code} ${l.id}: ${l.message}`, subject, 1, 'time');
  }
  return [...groups.values()].map(({ head, subjects, count, unit }) => {
    const named = [...subjects].sort();
    const about = named.length ? ` [${named.slice(0, 5).join(', ')}${named.length > 5 ? `, and ${named.length - 5} more` : ''}]` : '';
    const times = count > 1 ? ` (${count} ${unit}s)` : '';
    return `${head}${about}${times}`;
  });
}

import type { Problem } from '@/lib/findings/problems';
import type { LintProblem } from '@/lib/lint/lint-rule';

const TONE = { error: 'text-red-800 bg-red-50', warning: 'text-amber-900 bg-amber-50', info: 'text-slate-700 bg-slate-50' } as const;

/** Lints of suggested and existing policies, and problems met while building the patch. */
export function LintList({ lints, problems }: { lints: LintProblem[]; problems: Problem[] }) {
  if (lints.length === 0 && problems.length === 0) return <p className="text-sm text-green-800">No lint problems.</p>;
  return (
    <ul className="space-y-1 text-xs" data-testid="lint-list">
      {lints.map((l, i) => (
        <li key={`l${i}`} className={`rounded px-2 py-1 ${TONE[l.severity]}`}>
          <strong>{l.code}</strong> {l.message}
          {l.policy && <span className="text-slate-500"> ({l.policy.namespace}/{l.policy.name}{l.path ? ` · ${l.path}` : ''})</span>}
        </li>
      ))}
      {problems.map((p, i) => (
        <li key={`p${i}`} className={`rounded px-2 py-1 ${TONE[p.severity]}`}>
          <strong>{p.code}</strong> {p.message}
        </li>
      ))}
    </ul>
  );
}

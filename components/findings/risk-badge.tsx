import type { TriageSeverity } from '@/lib/triage/triage';

const SEVERITY_STYLE: Record<TriageSeverity, string> = { high: 'bg-red-600 text-white', medium: 'bg-amber-100 text-amber-900', low: 'bg-slate-100 text-slate-700' };

/** "medium risk": a finding's triage severity. */
export function RiskBadge({ severity, className = '' }: { severity: TriageSeverity; className?: string }) {
  return (
    <span className={`rounded px-1.5 py-0.5 text-xs ${SEVERITY_STYLE[severity]} ${className}`} data-testid="risk-badge" data-severity={severity}>
      {severity} risk
    </span>
  );
}

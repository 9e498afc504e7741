import type { Verdict } from '@/lib/flow/flow';
import { formatCount } from './format';

/**
 * A verdict with colour AND icon, so it reads without colour: FORWARDED green check, DROPPED red cross,
 * AUDIT amber eye (a flow that would be dropped once enforcement is on).
 */
const STYLES: Partial<Record<Verdict, { className: string; icon: React.ReactNode; title: string }>> = {
  FORWARDED: { className: 'bg-green-50 text-green-800 ring-green-600/30', icon: <path d="M3 8.5l3 3 7-7" />, title: 'Forwarded' },
  DROPPED: { className: 'bg-red-50 text-red-800 ring-red-600/30', icon: <path d="M4 4l8 8M12 4l-8 8" />, title: 'Dropped' },
  AUDIT: {
    className: 'bg-amber-100 text-amber-900 ring-amber-600/50 font-semibold',
    icon: (
      <>
        <path d="M1.5 8s2.5-4.5 6.5-4.5S14.5 8 14.5 8 12 12.5 8 12.5 1.5 8 1.5 8z" />
        <circle cx="8" cy="8" r="2" />
      </>
    ),
    title: 'Audit: would be dropped when the policy is enforced',
  },
};

const FALLBACK = { className: 'bg-slate-100 text-slate-700 ring-slate-400/30', icon: <circle cx="8" cy="8" r="3" />, title: '' };

export function VerdictIcon({ verdict, className = 'h-3.5 w-3.5' }: { verdict: Verdict; className?: string }) {
  const style = STYLES[verdict] ?? FALLBACK;
  return (
    <svg viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden className={className}>
      {style.icon}
    </svg>
  );
}

export function VerdictBadge({ verdict, count }: { verdict: Verdict; count?: number }) {
  const style = STYLES[verdict] ?? FALLBACK;
  return (
    <span
      data-testid={`verdict-${verdict}`}
      title={style.title || verdict}
      className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs ring-1 ring-inset ${style.className}`}
    >
      <VerdictIcon verdict={verdict} />
      {verdict}
      {count !== undefined && <span className="tabular-nums">{formatCount(count)}</span>}
    </span>
  );
}

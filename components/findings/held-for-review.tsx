'use client';

import type { NamespaceAnalysis } from '@/lib/analysis/analyze-namespace';
import { describeAccounting } from '@/lib/analysis/triage-report';
import type { Finding } from '@/lib/findings/finding';
import { describeFinding } from '@/lib/findings/describe-finding';
import { describeDestination, describeSource } from '@/lib/flow/describe';
import { formatDateTime } from '../ui/format';
import { FindingReview } from './finding-review';
import { RiskBadge } from './risk-badge';

type Status = 'new' | 'accepted' | 'rejected' | 'needs-info';
type Reviewed = Finding & { status?: Status; seenAgain?: boolean };


/** "AUDIT verdicts 2,026 · in findings 2,026 · 12 reply verdicts ignored": every verdict accounted for. */
export function AuditAccountingLine({ analysis }: { analysis: NamespaceAnalysis }) {
  if (!analysis.accounting) return null;
  const a = analysis.accounting;
  const missing = a.auditVerdicts - a.inFindings;
  return (
    <p className={`text-sm ${missing > 0 ? 'text-red-700' : 'text-slate-600'}`} data-testid="audit-accounting">
      {describeAccounting(a)}
    </p>
  );
}

/**
 * Findings that look like an intrusion (triage severity high), shown first: each with its signals, its sample
 * flows and Accept / Reject / Needs info. They stay out of the patch until a reviewer accepts them. Then the
 * findings no rule can select (no stable label), with what to do.
 */
export function HeldForReview({ analysis }: { analysis: NamespaceAnalysis }) {
  const byId = new Map(analysis.findings.map((f) => [f.id, f as Reviewed]));
  const held = analysis.held.ids.map((id) => byId.get(id)!).filter(Boolean);
  const unselectable = analysis.unselectable.map((id) => byId.get(id)!).filter((f) => f && !analysis.held.ids.includes(f.id));
  return (
    <>
      {held.length > 0 && (
        <section aria-labelledby="held-heading" className="rounded border border-red-300 bg-red-50 p-3" data-testid="held-for-review">
          <h3 id="held-heading" className="font-semibold text-red-900">
            Held for review <span className="text-sm font-normal">({held.length} findings, {analysis.held.flows.toLocaleString('en-US')} flows left out of the patch until accepted)</span>
          </h3>
          <ul className="mt-2 space-y-3">
            {held.map((f) => <HeldFinding key={f.id} finding={f} analysis={analysis} />)}
          </ul>
        </section>
      )}
      {unselectable.length > 0 && (
        <section aria-labelledby="unselectable-heading" className="rounded border border-amber-300 bg-amber-50 p-3" data-testid="unselectable-findings">
          <h3 id="unselectable-heading" className="font-semibold text-amber-900">No rule can select this workload ({unselectable.length} findings)</h3>
          <p className="text-sm text-amber-900">
            These workloads have no stable label (app.kubernetes.io/name, app, k8s-app, name). Label the controller, or, if it is a debug pod, remove it.
          </p>
          <ul className="mt-1 list-disc pl-5 text-sm">
            {unselectable.map((f) => <li key={f.id} data-testid="unselectable-finding">{describeFinding(f)} ({f.flows.toLocaleString('en-US')} flows)</li>)}
          </ul>
        </section>
      )}
    </>
  );
}

function HeldFinding({ finding: f, analysis }: { finding: Reviewed; analysis: NamespaceAnalysis }) {
  const triage = analysis.triage[f.id];
  return (
    <li className="rounded bg-white p-2 text-sm" data-testid="held-finding" data-finding-id={f.id}>
      <p>
        <RiskBadge severity={triage?.severity ?? 'low'} className="mr-2" />
        <strong>{describeFinding(f)}</strong> · {f.flows.toLocaleString('en-US')} flows · {formatDateTime(f.firstSeen)} – {formatDateTime(f.lastSeen)}
      </p>
      <ul className="mt-1 list-disc pl-5" data-testid="held-signals">
        {(triage?.signals ?? []).map((s) => <li key={s.code} data-signal={s.code}>{s.reason}</li>)}
      </ul>
      <details className="mt-1">
        <summary className="cursor-pointer text-slate-600">Sample flows</summary>
        <ul className="font-mono text-xs">
          {f.samples.slice(0, 5).map((s) => <li key={s.uuid}>{formatDateTime(s.time)} {describeSource(s)} → {describeDestination(s)} {s.verdict}</li>)}
        </ul>
      </details>
      <FindingReview findingId={f.id} status={f.status ?? 'new'} seenAgain={!!f.seenAgain} testIdPrefix="held" />
    </li>
  );
}

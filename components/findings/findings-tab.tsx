'use client';

import { useState } from 'react';
import { useAnalysis } from './use-analysis';
import { FindingList } from './finding-list';
import { LintList } from './lint-list';
import { PatchView } from './patch-view';
import { ReplaySummary } from './replay-summary';
import { AuditLog } from './audit-log';
import { AuditAccountingLine, HeldForReview } from './held-for-review';
import { ExportPanel } from '../export/export-panel';

/** Findings whose review accepted them: what the export carries (the API adds `status`). */
function acceptedCount(findings: readonly object[]): number {
  return findings.filter((f) => (f as { status?: string }).status === 'accepted').length;
}

/** A namespace's findings, the patch that closes them, proof by replay, and lints. */
export function FindingsTab({ namespace }: { namespace: string }) {
  const [excluded, setExcluded] = useState<Set<string>>(new Set());
  const [evidence, setEvidence] = useState(true);
  const query = useAnalysis(namespace, excluded, evidence);
  const toggle = (id: string) => setExcluded((s) => {
    const next = new Set(s);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });
  if (query.isError) return <p role="alert" className="text-red-700">{(query.error as Error).message}</p>;
  if (!query.data) return <p role="status" className="text-slate-500">Analysing the namespace…</p>;
  const analysis = query.data;
  return (
    <div className="space-y-5">
      <HeldForReview analysis={analysis} />
      <ReplaySummary analysis={analysis} />
      <AuditAccountingLine analysis={analysis} />
      <section aria-labelledby="findings-heading">
        <h3 id="findings-heading" className="mb-1 font-semibold">
          Findings{' '}
          <span className="text-sm font-normal text-slate-500" data-testid="findings-counts">
            ({analysis.findings.length}: {analysis.included.length} proposed in the suggested patch, {acceptedCount(analysis.findings)} accepted for export){query.isFetching && ' · updating…'}
          </span>
        </h3>
        <FindingList findings={analysis.findings} excluded={excluded} onToggle={toggle} triage={analysis.triage} />
      </section>
      <section aria-labelledby="lints-heading">
        <h3 id="lints-heading" className="mb-1 font-semibold">Lints</h3>
        <LintList lints={analysis.lints} problems={analysis.problems} />
      </section>
      <PatchView analysis={analysis} evidence={evidence} onEvidence={setEvidence} />
      <ExportPanel namespace={namespace} />
      <AuditLog namespace={namespace} />
    </div>
  );
}

import type { NamespaceAnalysis } from '@/lib/analysis/analyze-namespace';

/** "N flows would be dropped if you enforced now", before and after the patch. */
export function ReplaySummary({ analysis }: { analysis: NamespaceAnalysis }) {
  const { before, after } = analysis.replay;
  const regressions = after.replay.byVerdict.FORWARDED ?? 0;
  return (
    <div data-testid="replay-summary" className="grid gap-3 sm:grid-cols-2">
      <div className="rounded-lg border border-amber-300 bg-amber-50 p-3">
        <div className="text-xs uppercase tracking-wide text-amber-900">If you enforced now</div>
        <div className="text-2xl font-semibold tabular-nums text-amber-900" data-testid="would-drop-before">{before.flows.toLocaleString('en')} flows</div>
        <div className="text-sm text-amber-900">would be dropped ({before.findings} findings)</div>
      </div>
      <div className={`rounded-lg border p-3 ${after.flows === 0 ? 'border-green-300 bg-green-50' : 'border-red-300 bg-red-50'}`}>
        <div className="text-xs uppercase tracking-wide text-slate-700">With the patch below</div>
        <div className="text-2xl font-semibold tabular-nums" data-testid="would-drop-after">{after.flows.toLocaleString('en')} flows</div>
        <div className="text-sm text-slate-700">
          would be dropped ({after.findings} findings left out of the patch)
          {regressions > 0 && <strong className="block text-red-700">{regressions} flows that are allowed today would be dropped</strong>}
          {analysis.held.flows > 0 && <strong className="block text-red-700" data-testid="held-flows">{analysis.held.flows.toLocaleString('en')} flows held for review</strong>}
        </div>
      </div>
      <p className="text-xs text-slate-500 sm:col-span-2">
        Verified by replaying {after.replay.evaluated.toLocaleString('en')} recorded policy verdicts against your policies with and without the patch.
        {analysis.replay.inferredDefaultDeny.length > 0 && ' Where your policy files are unknown, AUDIT verdicts stand in for the policy that selects the workload.'}
      </p>
    </div>
  );
}

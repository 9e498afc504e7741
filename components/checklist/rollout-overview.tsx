'use client';

import Link from 'next/link';
import type { NamespaceProgress } from '@/lib/checklist/checklist-progress';
import { STEP_INFO } from '@/lib/checklist/step-info';
import { formatAgo } from '../ui/format';
import { ClusterNextCard } from './cluster-next-card';
import { ProgressLegend } from './progress-legend';
import { StepProgress } from './step-progress';
import { AuditWindowCell } from './audit-window-cell';
import { useRolloutOverview } from './use-checklist';
import { useTrends, VerdictTrendChart, type TrendsResponse } from './verdict-trend-chart';
import { WarningList } from './warning-list';

/**
 * Where the rollout stands in every namespace, lowest-stakes first (step 2's ranking): the one thing to do next
 * for the cluster, cluster-wide warnings once, then per namespace the eight steps as a progress bar (with a
 * legend), the current step, open findings, the last AUDIT and policy drop, both per hour, and the namespace's own
 * warnings.
 */
export function RolloutOverview() {
  const query = useRolloutOverview();
  const trends = useTrends();
  if (query.isError) return <p role="alert" className="text-red-700">{query.error.message}</p>;
  if (!query.data) return <p role="status" className="text-slate-500">Gathering the evidence of every namespace…</p>;
  const { namespaces, kubernetes, generatedAt, clusterWarnings, next } = query.data;
  const windows = namespaces.some((n) => n.auditWindow);
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600" data-testid="rollout-kubernetes">
        {kubernetes.enabled ? `Cluster facts from the Kubernetes API (${kubernetes.source}).` : `Kubernetes API not read: ${kubernetes.reason}. Cluster facts come from manual confirmations.`}
      </p>
      <ClusterNextCard next={next} />
      {clusterWarnings.length > 0 && (
        <section aria-label="Cluster-wide warnings" data-testid="rollout-cluster-warnings">
          <h2 className="mb-1 text-sm font-semibold">Cluster-wide</h2>
          <WarningList warnings={clusterWarnings} testId="cluster-warning-list" />
        </section>
      )}
      <ProgressLegend />
      <table className="w-full text-left text-sm" data-testid="rollout-table">
        <thead className="border-b border-slate-300 text-slate-500">
          <tr>
            <th className="py-1 pr-3 font-medium">#</th>
            <th className="py-1 pr-3 font-medium">Namespace</th>
            <th className="py-1 pr-3 font-medium">Progress</th>
            <th className="py-1 pr-3 font-medium">Current step</th>
            <th className="py-1 pr-3 font-medium">Open findings</th>
            <th className="py-1 pr-3 font-medium">Last AUDIT · policy drop</th>
            {windows && <th className="py-1 pr-3 font-medium">Audit window</th>}
            <th className="py-1 pr-3 font-medium">Per hour</th>
            <th className="py-1 font-medium">Warnings of the namespace</th>
          </tr>
        </thead>
        <tbody>
          {namespaces.map((n) => <RolloutRow key={n.namespace} row={n} now={generatedAt} windows={windows} trends={trends.data} />)}
        </tbody>
      </table>
      {namespaces.length === 0 && <p className="text-slate-500">No namespace seen yet.</p>}
    </div>
  );
}

function RolloutRow({ row: n, now, windows, trends }: { row: NamespaceProgress; now: number; windows: boolean; trends: TrendsResponse | undefined }) {
  return (
    <tr className="border-b border-slate-100 align-top" data-testid="rollout-row" data-namespace={n.namespace}>
      <td className="py-1.5 pr-3 text-slate-500">{n.rank ?? '-'}</td>
      <td className="py-1.5 pr-3">
        <Link className="font-medium text-sky-700 underline" href={`/namespaces/${encodeURIComponent(n.namespace)}?tab=checklist`}>{n.namespace}</Link>
      </td>
      <td className="py-1.5 pr-3">
        <div className="flex items-center gap-2">
          <StepProgress states={n.states} />
          <span data-testid="rollout-done">{n.done}/8</span>
        </div>
      </td>
      <td className="py-1.5 pr-3" data-testid="rollout-current-step" data-step={n.currentStep ?? 'done'}>{n.currentStep ? `${n.currentStep}. ${STEP_INFO[n.currentStep].title}` : 'All done'}</td>
      <td className="py-1.5 pr-3" data-testid="rollout-open-findings">
        {n.openFindings}
        {n.heldFindings > 0 && <span className="block text-xs font-medium text-red-800" data-testid="rollout-held-findings">{n.heldFindings} held for review</span>}
      </td>
      <td className="py-1.5 pr-3" data-testid="rollout-last-verdicts">
        <span className="block">AUDIT {formatAgo(n.lastAuditAt, now)}</span>
        <span className="block">{n.lastPolicyDropAt ? `POLICY_DENIED ${formatAgo(n.lastPolicyDropAt, now)}` : 'no recent policy drop'}</span>
      </td>
      {windows && <td className="py-1.5 pr-3 text-xs"><AuditWindowCell summary={n.auditWindow} /></td>}
      <td className="py-1.5 pr-3">{trends && <VerdictTrendChart trends={trends} namespace={n.namespace} compact />}</td>
      <td className="py-1.5">
        {n.warnings.map((w) => (
          <p key={`${w.code}:${w.message}`} className={w.severity === 'error' ? 'font-semibold text-red-800' : 'text-amber-900'} data-code={w.code}>
            {w.severity === 'error' ? '✕ ' : '! '}
            {w.message}
          </p>
        ))}
      </td>
    </tr>
  );
}

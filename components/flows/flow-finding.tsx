'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import type { Flow } from '@/lib/flow/flow';
import type { Finding } from '@/lib/findings/finding';
import { describePeer } from '@/lib/findings/describe-finding';
import { findingOfFlow } from '@/lib/findings/finding-of-flow';
import { getJson } from '../ui/fetch-json';

/** A finding as `GET /api/namespaces/{ns}/findings` returns it: with its review (its triage). */
type ReviewedFinding = Finding & { status: string; seenAgain?: boolean; reviewedBy?: string; reviewedAt?: number; exportedIn?: { number: number; url: string } };

/** The namespace's findings, shared by every open flow detail (refreshed every 10 s: reviews change them). */
function useNamespaceFindings(namespace: string, enabled: boolean) {
  return useQuery({
    queryKey: ['findings', namespace],
    queryFn: () => getJson<{ findings: ReviewedFinding[] }>(`/api/namespaces/${encodeURIComponent(namespace)}/findings`, 'the findings'),
    refetchInterval: 10_000,
    enabled,
  });
}

/** True for a verdict that makes a finding: AUDIT, or DROPPED by a default deny. */
export function isFindingVerdict(flow: Flow): boolean {
  return flow.verdict === 'AUDIT' || (flow.verdict === 'DROPPED' && flow.dropReason === 'POLICY_DENIED');
}

/** The finding an AUDIT (or policy-dropped) flow belongs to, with a link to it and its triage. */
export function FlowFinding({ flow, namespace }: { flow: Flow; namespace: string }) {
  const relevant = isFindingVerdict(flow);
  const query = useNamespaceFindings(namespace, relevant);
  if (!relevant) return null;
  const finding = query.data && findingOfFlow(flow, query.data.findings);
  return (
    <section className="mb-3 rounded border border-amber-300 bg-amber-50 p-2" data-testid="flow-finding">
      <h4 className="font-semibold">Finding</h4>
      {query.isError && <p role="alert" className="text-red-800">{query.error.message}</p>}
      {!query.data && !query.isError && <p role="status" className="text-slate-600">Looking up its finding…</p>}
      {query.data && !finding && <p className="text-slate-700">No finding of {namespace} matches this flow yet (findings are built from the persisted AUDIT verdicts, a few seconds behind).</p>}
      {finding && (
        <div className="space-y-0.5">
          <p>
            <Link className="font-medium text-sky-700 underline" data-testid="flow-finding-link" href={`/namespaces/${encodeURIComponent(namespace)}?tab=findings#finding-${finding.id}`}>
              {finding.subject.workload} {finding.direction.toLowerCase()} {describePeer(finding.peer)} {finding.port}/{finding.protocol}
            </Link>{' '}
            <span className="text-slate-500">({finding.flows.toLocaleString('en')} flows)</span>
          </p>
          <p data-testid="flow-finding-triage">
            Triage: <strong data-status={finding.status}>{finding.status}</strong>
            {finding.reviewedBy && <> by {finding.reviewedBy}</>}
            {finding.seenAgain && <span className="ml-1 rounded bg-red-600 px-1 text-white">seen again</span>}
            {finding.exportedIn && <> · exported in <a className="underline" href={finding.exportedIn.url} target="_blank" rel="noreferrer">#{finding.exportedIn.number}</a></>}
          </p>
        </div>
      )}
    </section>
  );
}

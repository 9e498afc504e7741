'use client';

import { useEffect, useState } from 'react';
import type { Finding } from '@/lib/findings/finding';
import type { Triage } from '@/lib/triage/triage';
import { describePeer } from '@/lib/findings/describe-finding';
import { describeDestination, describeSource } from '@/lib/flow/describe';
import { formatDateTime, formatTime } from '../ui/format';
import { FindingReview } from './finding-review';
import { RiskBadge } from './risk-badge';

type Status = 'new' | 'accepted' | 'rejected' | 'needs-info';
/** Findings from the API carry their review status (the store adds it). */
type Reviewed = Finding & { status?: Status; seenAgain?: boolean; exportedIn?: { number: number; url: string } };

const STATUS_STYLE: Record<Status, string> = {
  new: 'bg-slate-100 text-slate-700',
  accepted: 'bg-green-100 text-green-800',
  rejected: 'bg-red-100 text-red-800',
  'needs-info': 'bg-sky-100 text-sky-800',
};

/**
 * Findings with their evidence; a checkbox includes or excludes each from the patch. A finding triage rates medium
 * or high shows its risk and the reasons under its peer (medium ones stay in the patch).
 */
export function FindingList({ findings, excluded, onToggle, triage = {} }: { findings: Finding[]; excluded: ReadonlySet<string>; onToggle(id: string): void; triage?: Readonly<Record<string, Triage>> }) {
  const [open, setOpen] = useState<string>();
  const loaded = findings.length > 0;
  // A link from a flow's detail (`#finding-<id>`) lands on its row once the findings are there.
  useEffect(() => {
    if (loaded && window.location.hash.startsWith('#finding-')) document.getElementById(window.location.hash.slice(1))?.scrollIntoView({ block: 'center' });
  }, [loaded]);
  if (findings.length === 0) return <p className="text-sm text-slate-500">No AUDIT findings in this namespace yet.</p>;
  return (
    <table className="w-full text-left text-xs" data-testid="finding-list">
      <thead className="bg-slate-100 text-slate-600">
        <tr>
          {['Patch', 'Status', 'Workload', 'Direction', 'Peer', 'Port', 'Flows', 'First seen', 'Last seen', ''].map((h) => <th key={h} className="px-2 py-1 font-medium">{h}</th>)}
        </tr>
      </thead>
      <tbody>
        {findings.map((f) => (
          <FindingRow key={f.id} finding={f} triage={triage[f.id]} included={!excluded.has(f.id)} onToggle={() => onToggle(f.id)} open={open === f.id} onOpen={() => setOpen(open === f.id ? undefined : f.id)} />
        ))}
      </tbody>
    </table>
  );
}

function FindingRow({ finding: f, triage, included, onToggle, open, onOpen }: { finding: Reviewed; triage: Triage | undefined; included: boolean; onToggle(): void; open: boolean; onOpen(): void }) {
  const status = f.status ?? 'new';
  return (
    <>
      <tr id={`finding-${f.id}`} data-testid="finding-row" data-finding-id={f.id} data-status={status} className={`border-t border-slate-100 ${included ? '' : 'text-slate-400'}`}>
        <td className="px-2 py-1">
          <input type="checkbox" aria-label={`Include ${f.subject.workload} ${f.direction} ${describePeer(f.peer)} in the patch`} checked={included && status !== 'rejected'} disabled={status === 'rejected'} onChange={onToggle} />
        </td>
        <td className="px-2 py-1">
          <span className={`rounded px-1.5 py-0.5 ${STATUS_STYLE[status]}`} data-testid="finding-status">{status}</span>
          {f.seenAgain && <span className="ml-1 rounded bg-red-600 px-1 text-white">seen again</span>}
          {f.exportedIn && <a className="ml-1 text-sky-700 underline" href={f.exportedIn.url} target="_blank" rel="noreferrer">exported in #{f.exportedIn.number}</a>}
        </td>
        <td className="px-2 py-1 font-medium">{f.subject.workload}</td>
        <td className="px-2 py-1">{f.direction.toLowerCase()}</td>
        <td className="px-2 py-1">
          {describePeer(f.peer)}
          {f.blockedNow && <span className="ml-1 rounded bg-red-100 px-1 text-red-800">blocked now</span>}
          {triage && triage.severity !== 'low' && (
            <>
              <RiskBadge severity={triage.severity} className="ml-1" />
              <ul className="mt-0.5 list-disc pl-4 text-slate-600" data-testid="finding-reasons">
                {triage.signals.map((s) => <li key={s.code} data-signal={s.code}>{s.reason}</li>)}
              </ul>
            </>
          )}
        </td>
        <td className="px-2 py-1 font-mono">{f.protocol.startsWith('ICMP') ? `${f.protocol} ${f.port}` : `${f.port}/${f.protocol}`}</td>
        <td className="px-2 py-1 tabular-nums">{f.flows}</td>
        <td className="px-2 py-1">{formatDateTime(f.firstSeen)}</td>
        <td className="px-2 py-1">{formatDateTime(f.lastSeen)}</td>
        <td className="px-2 py-1"><button type="button" className="text-sky-700 underline" onClick={onOpen} aria-expanded={open}>evidence &amp; review</button></td>
      </tr>
      {open && (
        <tr className="bg-slate-50">
          <td colSpan={10} className="px-4 py-2">
            <div className="mb-1 text-slate-600">Nodes: {f.nodes.join(', ') || '-'} · selector {JSON.stringify(f.subject.selector)}{f.dns && ` · DNS via ${f.dns.resolvers.map(describePeer).join(', ')} (${f.dns.source})`}</div>
            <ul className="font-mono" data-testid="finding-evidence">
              {f.samples.map((s) => <li key={s.uuid}>{formatTime(s.time)} {describeSource(s)} → {describeDestination(s)} {s.trafficDirection} {s.verdict}</li>)}
            </ul>
            <FindingReview findingId={f.id} status={status} seenAgain={f.seenAgain ?? false} />
          </td>
        </tr>
      )}
    </>
  );
}

'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import type { DefaultDenyReplay, NamespaceDefaultDenyReplay } from '@/lib/checklist/default-deny-replay';
import { getJson } from '../ui/fetch-json';

/** The step-8 CCNP replayed against the recorded flows (`GET /api/checklist/default-deny`), every 30 s. */
export function useDefaultDenyVerification() {
  return useQuery({ queryKey: ['default-deny-replay'], queryFn: () => getJson<DefaultDenyReplay>('/api/checklist/default-deny', 'the default-deny replay'), refetchInterval: 30_000 });
}

const EXPLAINED = { rejected: 'rejected in review: meant to stop', accepted: 'accepted: its patch allows it once shipped' } as const;

/** "N flows in M namespaces would be dropped by the default deny", per namespace, each connection explained or not. */
export function DefaultDenyVerification({ replay }: { replay: DefaultDenyReplay }) {
  const ns = replay.namespaces.length;
  return (
    <div data-testid="default-deny-replay" data-safe={replay.safe} className={`rounded border-l-4 p-2 ${replay.safe ? 'border-green-600 bg-green-50' : 'border-red-600 bg-red-50'}`}>
      <p className="font-medium" data-testid="default-deny-summary">
        {replay.flows === 0
          ? `Verified by replay: the default deny would drop none of the ${replay.evaluated.toLocaleString('en')} recorded flows.`
          : `${replay.flows.toLocaleString('en')} flow${replay.flows === 1 ? '' : 's'} in ${ns} namespace${ns === 1 ? '' : 's'} would be dropped by the default deny` +
            (replay.unexplainedFlows > 0 ? ` (${replay.unexplainedFlows.toLocaleString('en')} unexplained).` : ', each one explained by a review.')}
      </p>
      {!replay.safe && (
        <p className="text-red-900">
          It is not offered until each of them is explained: give those namespaces their own policies (steps 4 to 7) so that the traffic is allowed, or
          review the findings that should stop.
        </p>
      )}
      {replay.namespaces.map((n) => <NamespaceDrops key={n.namespace} ns={n} />)}
    </div>
  );
}

function NamespaceDrops({ ns }: { ns: NamespaceDefaultDenyReplay }) {
  return (
    <details className="mt-1" data-testid="default-deny-namespace" data-namespace={ns.namespace}>
      <summary className="cursor-pointer">
        <strong>{ns.namespace}</strong>: {ns.flows.toLocaleString('en')} flow{ns.flows === 1 ? '' : 's'}
        {ns.unexplainedFlows > 0 ? `, ${ns.unexplainedFlows.toLocaleString('en')} unexplained` : ', all explained'}
      </summary>
      <ul className="ml-4 list-disc font-mono text-xs">
        {ns.connections.map((c) => (
          <li key={`${c.direction}|${c.source}|${c.destination}|${c.port}`}>
            {c.source} → {c.destination} {c.port} ({c.direction.toLowerCase()}, {c.verdict} today, {c.flows} flow{c.flows === 1 ? '' : 's'}):{' '}
            {c.explanation ? (
              <Link className="underline" href={`/namespaces/${encodeURIComponent(ns.namespace)}?tab=findings#finding-${c.findingId}`}>{EXPLAINED[c.explanation]}</Link>
            ) : (
              <span className="font-sans font-semibold text-red-800">unexplained</span>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}

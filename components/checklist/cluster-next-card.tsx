import Link from 'next/link';
import type { ClusterNextStep } from '@/lib/checklist/cluster-overview';

/** The one thing to do next for the whole cluster, with a link to the checklist that carries it. */
export function ClusterNextCard({ next }: { next: ClusterNextStep | undefined }) {
  if (!next) {
    return <p className="rounded-lg border border-green-300 bg-green-50 p-3 text-sm text-green-900" data-testid="rollout-next">Every namespace has done all eight steps.</p>;
  }
  const where = next.scope === 'cluster' ? 'for the whole cluster' : `in ${next.namespace}`;
  return (
    <section aria-label="Do this next" data-testid="rollout-next" className={`rounded-lg border p-3 text-sm ${next.blocked ? 'border-red-500 bg-red-50 text-red-900' : 'border-sky-300 bg-sky-50 text-slate-800'}`}>
      <h2 className="font-semibold">
        Do this next: step {next.step}, {next.title} {where}
        {next.blocked && ' (blocked)'}
      </h2>
      {next.action && <p className="mt-0.5">{next.action}</p>}
      <Link className="text-sky-700 underline" href={`/namespaces/${encodeURIComponent(next.namespace)}?tab=checklist`}>Open the checklist of {next.namespace}</Link>
    </section>
  );
}

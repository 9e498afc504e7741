import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { NamespaceView } from '@/components/namespaces/namespace-view';
import { packNamespaceGraph } from '@/lib/graph/packed-graph';
import { pageSnapshot } from '@/server/live/page-snapshot';

const NAMESPACE_RE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export default async function NamespacePage({ params, searchParams }: { params: Promise<{ ns: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { ns } = await params;
  const query = await searchParams;
  const namespace = decodeURIComponent(ns);
  if (!NAMESPACE_RE.test(namespace)) notFound();
  // The counters (and the map, on the Map tab) come with the HTML; the live stream takes over after hydration.
  const snapshot = await pageSnapshot(await headers());
  // Packed: a big map's plain JSON is over half a megabyte of HTML to compress and parse before the first frame.
  const graph = query.tab === 'map' ? snapshot?.namespaceGraph(namespace) : undefined;
  const initialGraph = graph && packNamespaceGraph(graph);
  const initialSummary = snapshot?.namespaces.find((n) => n.name === namespace);
  return <NamespaceView namespace={namespace} tab={query.tab} q={query.q} verdict={query.verdict} initialGraph={initialGraph} initialSummary={initialSummary} />;
}

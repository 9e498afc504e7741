import { notFound } from 'next/navigation';
import { NamespaceView } from '@/components/namespaces/namespace-view';

const NAMESPACE_RE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export default async function NamespacePage({ params, searchParams }: { params: Promise<{ ns: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { ns } = await params;
  const query = await searchParams;
  const namespace = decodeURIComponent(ns);
  if (!NAMESPACE_RE.test(namespace)) notFound();
  return <NamespaceView namespace={namespace} tab={query.tab} q={query.q} verdict={query.verdict} />;
}

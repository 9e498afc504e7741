import { headers } from 'next/headers';
import { NamespacesPage } from '@/components/namespaces/namespaces-page';
import { pageSnapshot } from '@/server/live/page-snapshot';

export const dynamic = 'force-dynamic';

export default async function Home() {
  // Namespaces and the overview come with the HTML; the live stream takes over after hydration.
  const snapshot = await pageSnapshot(await headers());
  return <NamespacesPage initialNamespaces={snapshot?.namespaces} initialOverview={snapshot?.overview()} />;
}

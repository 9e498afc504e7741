import { NamespacesPage } from '@/components/namespaces/namespaces-page';

export default function Home() {
  return <NamespacesPage />;
}

'use client';

import { QueryProvider } from '@/components/ui/query-provider';
import { LiveOverviewProvider } from '@/components/status/live-overview-provider';

export function Providers({ children }: { children: React.ReactNode }) {
  return (
    <QueryProvider>
      <LiveOverviewProvider>{children}</LiveOverviewProvider>
    </QueryProvider>
  );
}

'use client';

import { createContext, useContext } from 'react';
import { useLiveStream, type LiveStream } from '../hooks/use-live-stream';
import { RelayStatusBar } from './relay-status-bar';

const LiveOverviewContext = createContext<LiveStream | undefined>(undefined);

/** Subscribes to the relay status and namespace counters once per tab and shows the status bar. */
export function LiveOverviewProvider({ children }: { children: React.ReactNode }) {
  const live = useLiveStream();
  return (
    <LiveOverviewContext.Provider value={live}>
      <RelayStatusBar status={live.status} connection={live.connection} />
      {children}
    </LiveOverviewContext.Provider>
  );
}

/** The overview stream of this tab. */
export function useLiveOverview(): LiveStream {
  const live = useContext(LiveOverviewContext);
  if (!live) throw new Error('useLiveOverview must be used inside LiveOverviewProvider');
  return live;
}

'use client';

import { useState } from 'react';
import type { RelayStatus } from '@/lib/live/types';
import { ConnectionDot } from '../ui/connection-dot';
import { formatCount, formatDuration, formatAgo } from '../ui/format';
import type { StreamConnection } from '../hooks/use-live-stream';

const STATE_LABEL: Record<RelayStatus['state'], { label: string; tone: 'ok' | 'warn' | 'bad' | 'idle' }> = {
  connected: { label: 'Relay connected', tone: 'ok' },
  connecting: { label: 'Connecting to relay…', tone: 'warn' },
  reconnecting: { label: 'Relay reconnecting', tone: 'warn' },
  down: { label: 'Relay down', tone: 'bad' },
};

/** The relay's state, always visible: connection, version, nodes, flows/s, lost events, and this tab's stream. */
export function RelayStatusBar({ status, connection }: { status: RelayStatus | undefined; connection: StreamConnection }) {
  const [open, setOpen] = useState(false);
  const state = status ? STATE_LABEL[status.state] : { label: 'Waiting for Lockstep…', tone: 'idle' as const };
  return (
    <section aria-label="Relay status" data-testid="relay-status" data-state={status?.state ?? 'unknown'} className="border-b border-slate-200 bg-white text-sm">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-5 gap-y-1 px-4 py-2">
        <ConnectionDot state={state.tone} label={state.label} />
        {status && (
          <>
            <span className="text-slate-600" title={status.address}>
              {status.demo ? 'embedded demo relay' : status.address}
              {status.tls && ' (TLS)'}
            </span>
            {status.version && <span className="text-slate-600">version {status.version}</span>}
            <span data-testid="relay-nodes">
              nodes {status.numConnectedNodes ?? '-'} connected
              {status.numUnavailableNodes ? <strong className="text-red-700">, {status.numUnavailableNodes} unavailable</strong> : null}
            </span>
            <span data-testid="relay-rate" className="tabular-nums">{formatCount(status.ingestRate)} flows/s</span>
            <span className={status.lostEvents.total ? 'font-medium text-red-700' : 'text-slate-600'} data-testid="relay-lost">
              lost events {formatCount(status.lostEvents.total)}
            </span>
          </>
        )}
        <span className="ml-auto text-slate-500">
          <ConnectionDot state={connection === 'open' ? 'ok' : 'warn'} label={connection === 'open' ? 'live' : connection === 'connecting' ? 'connecting…' : 'stream reconnecting…'} />
        </span>
        <button type="button" className="text-slate-600 underline-offset-2 hover:underline" onClick={() => setOpen(!open)} aria-expanded={open}>
          {open ? 'hide details' : 'details'}
        </button>
      </div>
      {status?.lastError && status.state !== 'connected' && (
        <div role="alert" className="mx-auto max-w-7xl px-4 pb-2 text-red-800">
          <strong>{status.lastError.code}</strong>: {status.lastError.message}. <span className="text-slate-700">{status.lastError.hint}</span>{' '}
          <span className="text-slate-500">({formatAgo(status.lastError.at)}, {status.reconnects} reconnects)</span>
        </div>
      )}
      {open && status && <RelayDetails status={status} />}
    </section>
  );
}

function RelayDetails({ status }: { status: RelayStatus }) {
  return (
    <div className="mx-auto grid max-w-7xl gap-4 px-4 pb-3 text-xs text-slate-700 md:grid-cols-3">
      <dl className="grid grid-cols-2 gap-x-2">
        <dt>Uptime</dt><dd>{formatDuration(status.uptimeNs)}</dd>
        <dt>Relay flows/s</dt><dd>{status.relayFlowsRate.toFixed(1)}</dd>
        <dt>Buffered (relay)</dt><dd>{formatCount(status.numFlows)} / {formatCount(status.maxFlows)}</dd>
        <dt>Seen (relay)</dt><dd>{formatCount(status.seenFlows)}</dd>
        <dt>Received</dt><dd>{formatCount(status.flowsIngested)}</dd>
        <dt>Duplicates dropped</dt><dd>{formatCount(status.duplicatesDropped)}</dd>
        <dt>Invalid messages</dt><dd>{formatCount(status.invalidMessages)}</dd>
      </dl>
      <div>
        <h3 className="font-semibold">Nodes</h3>
        <ul>
          {status.nodes.map((n) => (
            <li key={n.name}>
              {n.name} <span className="text-slate-500">{n.state.replace('NODE_', '').toLowerCase()} · {n.version} · {formatCount(n.seenFlows)} seen</span>
            </li>
          ))}
          {status.unavailableNodes.map((n) => <li key={n} className="text-red-700">{n} unavailable</li>)}
        </ul>
      </div>
      <div>
        <h3 className="font-semibold">Lost events</h3>
        {Object.entries(status.lostEvents.bySource).map(([source, n]) => <div key={source}>{source}: {formatCount(n)}</div>)}
        {status.nodeEvents.length > 0 && <h3 className="mt-2 font-semibold">Node events</h3>}
        {status.nodeEvents.slice(-5).map((e, i) => (
          <div key={i}>{e.stateChange} {e.nodeNames.join(', ')} {e.message}</div>
        ))}
      </div>
    </div>
  );
}

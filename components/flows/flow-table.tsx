'use client';

import { memo } from 'react';
import type { Flow } from '@/lib/flow/flow';
import { describeDestination, describePort, describeSource } from '@/lib/flow/describe';
import { VerdictBadge } from '../ui/verdict-badge';
import { formatTime } from '../ui/format';

/** The live flow table: time, source, destination, port/protocol, direction, verdict, DNS names, node. */
export function FlowTable({ flows, selected, onSelect }: { flows: readonly Flow[]; selected: string | undefined; onSelect(flow: Flow): void }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-xs" data-testid="flow-table">
        <thead className="bg-slate-100 text-slate-600">
          <tr>
            {['Time', 'Source', 'Destination', 'Port', 'Direction', 'Verdict', 'DNS names', 'Node'].map((h) => (
              <th key={h} scope="col" className="px-2 py-1.5 font-medium">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {flows.map((flow) => (
            <FlowRow key={flow.uuid} flow={flow} selected={flow.uuid === selected} onSelect={onSelect} />
          ))}
        </tbody>
      </table>
      {flows.length === 0 && <p className="p-4 text-sm text-slate-500">No flows match.</p>}
    </div>
  );
}

const FlowRow = memo(function FlowRow({ flow, selected, onSelect }: { flow: Flow; selected: boolean; onSelect(flow: Flow): void }) {
  const audit = flow.verdict === 'AUDIT';
  return (
    <tr
      data-testid="flow-row"
      data-verdict={flow.verdict}
      data-flow-uuid={flow.uuid}
      data-time={flow.time}
      aria-selected={selected}
      tabIndex={0}
      onClick={() => onSelect(flow)}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onSelect(flow)}
      className={`cursor-pointer border-t border-slate-100 hover:bg-slate-50 ${selected ? 'bg-sky-50' : audit ? 'bg-amber-50/60' : ''}`}
    >
      <td className="whitespace-nowrap px-2 py-1 font-mono tabular-nums text-slate-600">{formatTime(flow.time)}</td>
      <td className="max-w-56 truncate px-2 py-1" title={describeSource(flow)}>{describeSource(flow)}</td>
      <td className="max-w-56 truncate px-2 py-1" title={describeDestination(flow)}>{describeDestination(flow)}</td>
      <td className="whitespace-nowrap px-2 py-1 font-mono">{describePort(flow)}</td>
      <td className="px-2 py-1 text-slate-600">
        {flow.trafficDirection === 'TRAFFIC_DIRECTION_UNKNOWN' ? '-' : flow.trafficDirection.toLowerCase()}
        {flow.isReply ? ' (reply)' : ''}
      </td>
      <td className="px-2 py-1">
        <VerdictBadge verdict={flow.verdict} />
        {flow.dropReason && <span className="ml-1 text-red-700">{flow.dropReason}</span>}
      </td>
      <td className="max-w-48 truncate px-2 py-1 text-slate-600">{[...flow.destinationNames, flow.l7?.dns?.query].filter(Boolean).join(', ')}</td>
      <td className="whitespace-nowrap px-2 py-1 text-slate-500">{flow.nodeName}</td>
    </tr>
  );
});

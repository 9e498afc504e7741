'use client';

import { useDeferredValue, useMemo, useState } from 'react';
import type { Flow, Verdict } from '@/lib/flow/model';
import { flowMatchesText } from '@/lib/flow/describe';
import { useLiveStream } from '../hooks/use-live-stream';
import { ConnectionDot } from '../ui/connection-dot';
import { FlowDetails } from './flow-details';
import { FlowFilters } from './flow-filters';
import { FlowTable } from './flow-table';

const MAX_ROWS = 300;

/** A namespace's live flow table with verdict and text filters and a detail panel. */
export function NamespaceFlows({ namespace, initialText = '', initialVerdict = 'ALL' }: { namespace: string; initialText?: string; initialVerdict?: Verdict | 'ALL' }) {
  const [verdict, setVerdict] = useState<Verdict | 'ALL'>(initialVerdict);
  const [text, setText] = useState(initialText);
  const [paused, setPaused] = useState(false);
  const [selected, setSelected] = useState<Flow>();
  const live = useLiveStream({ flows: namespace }, { paused });
  const deferredText = useDeferredValue(text);
  const shown = useMemo(() => {
    const out: Flow[] = [];
    for (const flow of live.flows) {
      if (verdict !== 'ALL' && flow.verdict !== verdict) continue;
      if (!flowMatchesText(flow, deferredText)) continue;
      out.push(flow);
      if (out.length >= MAX_ROWS) break;
    }
    return out;
  }, [live.flows, verdict, deferredText]);
  return (
    <div>
      <div className="mb-2 text-xs text-slate-500">
        <ConnectionDot state={live.connection === 'open' ? 'ok' : 'warn'} label={live.connection === 'open' ? 'Live flows' : 'Flow stream reconnecting…'} />
      </div>
      <FlowFilters
        verdict={verdict}
        onVerdict={setVerdict}
        text={text}
        onText={setText}
        paused={paused}
        onPause={setPaused}
        shown={shown.length}
        buffered={live.flows.length}
        skipped={live.skipped}
      />
      <div className={`grid gap-3 ${selected ? 'lg:grid-cols-[1fr_26rem]' : ''}`}>
        <FlowTable flows={shown} selected={selected?.uuid} onSelect={setSelected} />
        {selected && <FlowDetails flow={selected} onClose={() => setSelected(undefined)} />}
      </div>
    </div>
  );
}

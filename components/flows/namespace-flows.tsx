'use client';

import { useDeferredValue, useMemo, useState } from 'react';
import type { Flow, Verdict } from '@/lib/flow/flow';
import { flowMatchesText } from '@/lib/flow/describe';
import { countNewFlows, mergeFlows } from '@/lib/live/merge-flows';
import { useLiveStream } from '../hooks/use-live-stream';
import { ConnectionDot } from '../ui/connection-dot';
import { FlowDetails } from './flow-details';
import { FlowFilters } from './flow-filters';
import { FlowTable } from './flow-table';
import { useServerFlows } from './use-server-flows';

const MAX_ROWS = 300;

/**
 * A namespace's live flow table with verdict and text filters and a detail panel. A verdict filter asks the server
 * (which holds far more than the tab) and adds live flows on top. While the pointer is over the table, rows stand
 * still: new flows are counted on an "N new" button instead of moving the row under the cursor.
 */
export function NamespaceFlows({ namespace, initialText = '', initialVerdict = 'ALL' }: { namespace: string; initialText?: string; initialVerdict?: Verdict | 'ALL' }) {
  const [verdict, setVerdict] = useState<Verdict | 'ALL'>(initialVerdict);
  const [text, setText] = useState(initialText);
  const [paused, setPaused] = useState(false);
  const [selected, setSelected] = useState<Flow>();
  const [frozen, setFrozen] = useState<Flow[]>();
  const live = useLiveStream({ flows: namespace }, { paused });
  const deferredText = useDeferredValue(text);
  const server = useServerFlows(namespace, verdict, deferredText, MAX_ROWS);
  const current = useMemo(() => {
    const out: Flow[] = [];
    for (const flow of live.flows) {
      if (verdict !== 'ALL' && flow.verdict !== verdict) continue;
      if (!flowMatchesText(flow, deferredText)) continue;
      out.push(flow);
      if (out.length >= MAX_ROWS) break;
    }
    return verdict === 'ALL' ? out : mergeFlows(out, server.data?.flows ?? [], MAX_ROWS);
  }, [live.flows, verdict, deferredText, server.data]);
  const shown = frozen ?? current;
  const fresh = frozen ? countNewFlows(current, frozen) : 0;
  return (
    <div>
      <div className="mb-2 text-xs text-slate-500">
        <ConnectionDot state={live.connection === 'open' ? 'ok' : 'warn'} label={live.connection === 'open' ? 'Live flows' : 'Flow stream reconnecting…'} />
      </div>
      <FlowFilters
        verdict={verdict}
        onVerdict={(v) => { setVerdict(v); setFrozen(undefined); }}
        text={text}
        onText={(t) => { setText(t); setFrozen(undefined); }}
        paused={paused}
        onPause={setPaused}
        shown={shown.length}
        buffered={live.flows.length}
        server={verdict === 'ALL' ? undefined : { loading: server.isPending, error: server.error?.message }}
        skipped={live.skipped}
      />
      <div className={`grid gap-3 ${selected ? 'lg:grid-cols-[1fr_26rem]' : ''}`}>
        {/* The bar is inside the pointer area, so pressing "N new" keeps the table paused. */}
        <div onPointerEnter={() => setFrozen(current)} onPointerLeave={() => setFrozen(undefined)} data-testid="flow-table-area">
          <div className="mb-1 flex h-7 items-center gap-2 text-xs text-slate-600" data-testid="flows-hover-pause">
            {frozen && (
              <>
                <span>Paused while the pointer is over the table.</span>
                <button type="button" data-testid="flows-new" disabled={fresh === 0} onClick={() => setFrozen(current)} className="rounded bg-sky-700 px-2 py-0.5 font-medium text-white disabled:bg-slate-300 disabled:text-slate-600">
                  {fresh} new
                </button>
              </>
            )}
          </div>
          <FlowTable flows={shown} selected={selected?.uuid} onSelect={setSelected} />
        </div>
        {selected && <FlowDetails flow={selected} namespace={namespace} onClose={() => setSelected(undefined)} />}
      </div>
    </div>
  );
}

'use client';

import type { GraphWindow } from '@/lib/graph/windowed-graph';
import type { EdgeVerdictClass, MapFilters } from './to-elements';

export { MapLegend } from './map-legend';

const WINDOWS: GraphWindow[] = ['15m', '1h', '24h', 'all'];
const VERDICT_LABELS: [EdgeVerdictClass, string, string][] = [
  ['audit', 'AUDIT', 'text-amber-800'],
  ['dropped', 'Dropped', 'text-red-700'],
  ['forwarded', 'Forwarded', 'text-green-700'],
];

/** Map toolbar: time window, verdict filter, noise toggles, search, fit, PNG export. */
export function MapControls(props: {
  window: GraphWindow;
  onWindow(w: GraphWindow): void;
  filters: MapFilters;
  onFilters(f: MapFilters): void;
  onFit(): void;
  onRelayout(): void;
  onExport(): void;
}) {
  const f = props.filters;
  const set = (patch: Partial<MapFilters>) => props.onFilters({ ...f, ...patch });
  return (
    <div className="mb-2 flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
      <label className="inline-flex items-center gap-1">
        Window
        <select aria-label="Time window" className="rounded border border-slate-300 px-1 py-0.5" value={props.window} onChange={(e) => props.onWindow(e.target.value as GraphWindow)}>
          {WINDOWS.map((w) => <option key={w} value={w}>{w === 'all' ? 'since start' : `last ${w}`}</option>)}
        </select>
      </label>
      <fieldset className="inline-flex items-center gap-2">
        <legend className="sr-only">Verdicts</legend>
        {VERDICT_LABELS.map(([key, label, colour]) => (
          <label key={key} className={`inline-flex items-center gap-1 ${colour}`}>
            <input type="checkbox" checked={f.verdicts[key]} onChange={(e) => set({ verdicts: { ...f.verdicts, [key]: e.target.checked } })} />
            {label}
          </label>
        ))}
      </fieldset>
      <fieldset className="inline-flex items-center gap-2 text-slate-700">
        <legend className="sr-only">Hide noise</legend>
        <label className="inline-flex items-center gap-1"><input type="checkbox" checked={f.hideDns} onChange={(e) => set({ hideDns: e.target.checked })} /> hide kube-dns:53</label>
        <label className="inline-flex items-center gap-1"><input type="checkbox" checked={f.hideHost} onChange={(e) => set({ hideHost: e.target.checked })} /> hide host</label>
        <label className="inline-flex items-center gap-1"><input type="checkbox" checked={f.hidePrometheus} onChange={(e) => set({ hidePrometheus: e.target.checked })} /> hide prometheus</label>
      </fieldset>
      <input type="search" aria-label="Search the map" placeholder="Search workloads, labels" value={f.search} onChange={(e) => set({ search: e.target.value })} className="w-48 rounded border border-slate-300 px-2 py-0.5" />
      <div className="ml-auto inline-flex gap-1">
        <button type="button" onClick={props.onFit} className="rounded border border-slate-300 bg-white px-2 py-0.5 hover:bg-slate-100">Zoom to fit</button>
        <button type="button" onClick={props.onRelayout} className="rounded border border-slate-300 bg-white px-2 py-0.5 hover:bg-slate-100">Re-layout</button>
        <button type="button" onClick={props.onExport} className="rounded border border-slate-300 bg-white px-2 py-0.5 hover:bg-slate-100">Export PNG</button>
      </div>
    </div>
  );
}

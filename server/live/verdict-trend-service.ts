import 'server-only';
import type { Flow } from '@/lib/flow/flow';
import { addToTrends, trendPointsOf, trendWindow, type TrendHour, type VerdictTrends } from '@/lib/live/verdict-trend';
import type { FlowHub } from './flow-hub';

/** Flows waiting to be counted before they are folded in anyway (the trend is read every few seconds). */
const MAX_PENDING = 10_000;

/** One namespace's trend as `GET /api/trends` returns it. */
export interface NamespaceTrend {
  namespace: string;
  /** The last `hours` hours, oldest first, empty hours included. */
  hours: TrendHour[];
}

/**
 * AUDIT verdicts and POLICY_DENIED drops per hour per namespace, counted from every flow the hub receives
 * (backlog included). NOTE: kept in memory, so the trend starts again at a restart; the persisted findings keep
 * the times of the last AUDIT and of the last new finding.
 */
export class VerdictTrendService {
  private trends: VerdictTrends = new Map();
  private pending: Flow[] = [];
  private readonly unsubscribe: () => void;

  constructor(hub: Pick<FlowHub, 'subscribe'>) {
    this.unsubscribe = hub.subscribe({
      namespace: '*',
      onFlow: ({ flow }) => {
        if (trendPointsOf(flow).length === 0) return;
        this.pending.push(flow);
        if (this.pending.length >= MAX_PENDING) this.flush();
      },
    });
  }

  /** Every namespace's last `hours` hours up to `now`. */
  snapshot(now: number, hours = 24): NamespaceTrend[] {
    this.flush();
    return [...this.trends.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([namespace, list]) => ({ namespace, hours: trendWindow(list, now, hours) }));
  }

  stop(): void {
    this.unsubscribe();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.trends = addToTrends(this.trends, this.pending);
    this.pending = [];
  }
}

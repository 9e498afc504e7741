import 'server-only';
import v8 from 'node:v8';

/**
 * Prometheus counters and gauges for `/metrics` (text exposition format 0.0.4). A tiny registry: Lockstep's
 * metrics are few, and a dependency would add more than it saves.
 */

type Labels = Record<string, string>;

interface Series {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  values: Map<string, { labels: Labels; value: number }>;
}

export class MetricsRegistry {
  private readonly series = new Map<string, Series>();
  private readonly collectors: (() => void)[] = [];

  /** Declares a metric (idempotent). */
  declare(name: string, type: Series['type'], help: string): void {
    if (!this.series.has(name)) this.series.set(name, { name, type, help, values: new Map() });
  }

  inc(name: string, by = 1, labels: Labels = {}): void {
    const cell = this.cell(name, labels);
    cell.value += by;
  }

  set(name: string, value: number, labels: Labels = {}): void {
    this.cell(name, labels).value = value;
  }

  get(name: string, labels: Labels = {}): number {
    return this.series.get(name)?.values.get(labelKey(labels))?.value ?? 0;
  }

  /** Every series' cells (another thread's registry is merged from these: server/ingest/ingest-worker-service.ts). */
  cells(): { name: string; type: 'counter' | 'gauge'; labels: Labels; value: number }[] {
    const out: { name: string; type: 'counter' | 'gauge'; labels: Labels; value: number }[] = [];
    for (const s of this.series.values()) for (const { labels, value } of s.values.values()) out.push({ name: s.name, type: s.type, labels, value });
    return out;
  }

  /** Registers a function that sets gauges read on demand (memory, say); it runs before each {@link render}. */
  collectOnRender(collect: () => void): void {
    this.collectors.push(collect);
  }

  /** The exposition text. */
  render(): string {
    for (const collect of this.collectors) collect();
    const lines: string[] = [];
    for (const s of this.series.values()) {
      lines.push(`# HELP ${s.name} ${s.help}`, `# TYPE ${s.name} ${s.type}`);
      if (s.values.size === 0) lines.push(`${s.name} 0`);
      for (const { labels, value } of s.values.values()) lines.push(`${s.name}${formatLabels(labels)} ${value}`);
    }
    return lines.join('\n') + '\n';
  }

  private cell(name: string, labels: Labels): { labels: Labels; value: number } {
    const s = this.series.get(name);
    if (!s) throw new Error(`metric ${name} was not declared`);
    const key = labelKey(labels);
    let cell = s.values.get(key);
    if (!cell) {
      cell = { labels, value: 0 };
      s.values.set(key, cell);
    }
    return cell;
  }
}

function labelKey(labels: Labels): string {
  // Hot path: unlabelled counters are bumped once per flow.
  for (const _ in labels) return Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(',');
  return '';
}

function formatLabels(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '';
  const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
  return `{${keys.map((k) => `${k}="${escape(labels[k])}"`).join(',')}}`;
}

/** The metrics Lockstep exports, declared in one place. */
export function createLockstepMetrics(): MetricsRegistry {
  const m = new MetricsRegistry();
  m.declare('lockstep_flows_ingested_total', 'counter', 'Flows received from Hubble Relay (after de-duplication).');
  m.declare('lockstep_flows_duplicate_total', 'counter', 'Flows the relay re-sent after a reconnect, dropped by uuid.');
  m.declare('lockstep_flows_skipped_total', 'counter', 'Flows not delivered to a slow live client (its bounded queue overflowed).');
  m.declare('lockstep_relay_reconnects_total', 'counter', 'Reconnections of the relay flow stream.');
  m.declare('lockstep_relay_connected', 'gauge', '1 when the relay flow stream is up.');
  m.declare('lockstep_relay_invalid_messages_total', 'counter', 'Relay messages that could not be translated.');
  m.declare('lockstep_lost_events_total', 'counter', 'Events Hubble reported lost (lost_events), by source.');
  m.declare('lockstep_sse_clients', 'gauge', 'Open live (SSE) streams, of every SSE route.');
  m.declare('lockstep_sse_rejected_total', 'counter', 'Live (SSE) streams refused with 503 by a concurrency cap, by reason (total, per_client).');
  m.declare('lockstep_capture_lines_total', 'counter', 'Lines read from flow captures, by result.');
  m.declare('lockstep_graph_evicted_total', 'counter', 'Service-map nodes and edges evicted to bound memory.');
  m.declare('lockstep_http_errors_total', 'counter', 'API requests answered with an error, by code.');
  m.declare('process_resident_memory_bytes', 'gauge', 'Resident memory of the whole process (every thread), in bytes.');
  declareThreadMemoryMetrics(m);
  m.collectOnRender(() => {
    m.set('process_resident_memory_bytes', process.memoryUsage.rss());
    recordThreadMemory(m, 'main');
  });
  return m;
}

/** Declares the per-thread memory gauges (idempotent): each thread (main, ingest) reports its own V8 heap. */
export function declareThreadMemoryMetrics(m: MetricsRegistry): void {
  m.declare('lockstep_heap_used_bytes', 'gauge', 'Live V8 heap of a thread (main, ingest), in bytes.');
  m.declare('lockstep_heap_total_bytes', 'gauge', 'V8 heap a thread (main, ingest) holds from the system, in bytes.');
  m.declare('lockstep_heap_external_bytes', 'gauge', 'Memory outside the V8 heap held by a thread\'s objects (buffers, typed arrays), in bytes.');
}

/** Sets this thread's memory gauges, labelled `thread`. */
export function recordThreadMemory(m: MetricsRegistry, thread: 'main' | 'ingest'): void {
  const heap = v8.getHeapStatistics();
  m.set('lockstep_heap_used_bytes', heap.used_heap_size, { thread });
  m.set('lockstep_heap_total_bytes', heap.total_heap_size, { thread });
  m.set('lockstep_heap_external_bytes', heap.external_memory, { thread });
}

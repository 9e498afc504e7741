import { describe, expect, it } from 'vitest';
import { createLockstepMetrics, MetricsRegistry } from './metrics';

describe('metrics', () => {
  it('renders counters with escaped labels', () => {
    const m = new MetricsRegistry();
    m.declare('x_total', 'counter', 'X.');
    m.inc('x_total', 2, { path: 'a"b\\c' });
    expect(m.render()).toContain('x_total{path="a\\"b\\\\c"} 2');
  });

  it('reports the process resident memory and the main thread heap, read when scraped', () => {
    const m = createLockstepMetrics();
    const first = m.render();
    expect(first).toMatch(/^process_resident_memory_bytes [1-9]\d{6,}$/m);
    expect(first).toMatch(/^lockstep_heap_used_bytes\{thread="main"\} [1-9]\d{5,}$/m);
    const before = m.get('lockstep_heap_external_bytes', { thread: 'main' });
    const held = new Float64Array(4 * 1024 * 1024); // 32 MiB outside the V8 heap
    m.render();
    expect(m.get('lockstep_heap_external_bytes', { thread: 'main' })).toBeGreaterThanOrEqual(before + held.byteLength);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { flowBetween } from '@/lib/testing/flow-builders';
import type { LiveEvent } from '@/lib/live/live-event';
import { LiveTab, type LiveTabEnvironment } from './live-tab';

/** A browser in miniature: one BroadcastChannel bus, one leader lock, EventSources the test drives. */
function fakeBrowser() {
  const channels: { onMessage(data: unknown): void }[] = [];
  const waiting: (() => void)[] = [];
  let leaderHeld = false;
  const sources: FakeSource[] = [];
  const env = (): LiveTabEnvironment & { leave(): void } => {
    let mine: { onMessage(data: unknown): void } | undefined;
    let leads = false;
    return {
      channel: () => {
        const listeners: ((e: { data: unknown }) => void)[] = [];
        const self = { onMessage: (data: unknown) => listeners.forEach((l) => l({ data: structuredClone(data) })) };
        mine = self;
        channels.push(self);
        return {
          postMessage: (data: unknown) => channels.filter((c) => c !== self).forEach((c) => c.onMessage(data)),
          addEventListener: (_type: string, l: (e: { data: unknown }) => void) => listeners.push(l),
        } as never;
      },
      electLeader: (onLeader) => {
        const grant = () => {
          leaderHeld = true;
          leads = true;
          onLeader();
        };
        if (leaderHeld) waiting.push(grant);
        else grant();
      },
      openSource: (url) => {
        const source = new FakeSource(url);
        sources.push(source);
        return source as never;
      },
      leave: () => {
        channels.splice(channels.indexOf(mine!), 1);
        for (const s of sources) if (leads) s.close();
        if (leads) {
          leaderHeld = false;
          waiting.shift()?.();
        }
      },
    };
  };
  return { env, sources, open: () => sources.filter((s) => !s.closed) };
}

class FakeSource {
  closed = false;
  onopen: (() => void) | undefined;
  onerror: (() => void) | undefined;
  private readonly listeners = new Map<string, (e: { data: string }) => void>();
  constructor(readonly url: string) {}
  addEventListener(name: string, l: (e: { data: string }) => void) {
    this.listeners.set(name, l);
  }
  close() {
    this.closed = true;
  }
  send(name: string, data: unknown) {
    this.listeners.get(name)?.({ data: JSON.stringify(data) });
  }
}

const settle = () => vi.advanceTimersByTimeAsync(50);

describe('LiveTab', () => {
  it('shares one connection between tabs, carrying the union of their topics, and hands it over when the leader goes', async () => {
    vi.useFakeTimers();
    const browser = fakeBrowser();
    const envA = browser.env();
    const envB = browser.env();
    const a = new LiveTab(envA);
    const b = new LiveTab(envB);
    const seenA: LiveEvent[] = [];
    const seenB: LiveEvent[] = [];
    a.subscribe({ flows: [], graphs: [] }, (e) => seenA.push(e));
    await settle();
    b.subscribe({ flows: ['webapp'], graphs: [{ namespace: 'webapp', window: '1h' }] }, (e) => seenB.push(e));
    await settle();
    expect(browser.open().map((s) => s.url)).toEqual(['/api/stream?flows=webapp&graph=webapp:1h']);

    const [source] = browser.open();
    source.onopen?.();
    source.send('namespaces', [{ name: 'webapp', verdicts: {}, flows: 1, lastSeen: 1 }]);
    source.send('flows', { flows: [flowBetween('webapp/webapp', 'webapp/postgres'), flowBetween('blog/blog', 'kube-system/coredns')], skipped: 0 });
    // Everyone gets the counters; only the tab that asked for webapp's flows gets them, and only webapp's.
    expect(seenA.some((e) => e.kind === 'namespaces')).toBe(true);
    expect(seenA.some((e) => e.kind === 'flows')).toBe(false);
    expect(seenB.filter((e) => e.kind === 'flows').flatMap((e) => (e.kind === 'flows' ? e.flows : []))).toHaveLength(1);

    // A third tab joining a topic already streamed gets what the leader holds, without a new connection.
    const c = new LiveTab(browser.env());
    const seenC: LiveEvent[] = [];
    c.subscribe({ flows: ['webapp'], graphs: [] }, (e) => seenC.push(e));
    await settle();
    expect(seenC.some((e) => e.kind === 'flows' && e.flows.length === 1)).toBe(true);
    expect(browser.open()).toHaveLength(1);

    envA.leave();
    await settle();
    expect(b.isLeader).toBe(true);
    expect(browser.open().map((s) => s.url)).toEqual(['/api/stream?flows=webapp&graph=webapp:1h']);
    vi.useRealTimers();
  });

  it('a leader alone puts no stream events on the bus; once another tab joins, it forwards them', async () => {
    vi.useFakeTimers();
    const browser = fakeBrowser();
    const envA = browser.env();
    const posted: unknown[] = [];
    const a = new LiveTab({
      ...envA,
      channel: () => {
        const real = envA.channel()!;
        return { addEventListener: real.addEventListener, postMessage: (m: unknown) => (posted.push(m), real.postMessage(m)) };
      },
    });
    a.subscribe({ flows: ['webapp'], graphs: [] }, () => {});
    await settle();
    const [source] = browser.open();
    const events = () => posted.filter((m) => (m as { type: string }).type === 'event');
    source.send('flows', { flows: [flowBetween('webapp/webapp', 'webapp/postgres')], skipped: 0 });
    expect(events()).toHaveLength(0);

    const b = new LiveTab(browser.env());
    const seenB: LiveEvent[] = [];
    b.subscribe({ flows: ['webapp'], graphs: [] }, (e) => seenB.push(e));
    await settle();
    // The joining tab gets what the leader holds, then every event.
    expect(seenB.filter((e) => e.kind === 'flows')).toHaveLength(1);
    source.send('flows', { flows: [flowBetween('webapp/webapp', 'webapp/redis')], skipped: 0 });
    expect(events()).toHaveLength(1);
    expect(seenB.filter((e) => e.kind === 'flows')).toHaveLength(2);
    vi.useRealTimers();
  });
});

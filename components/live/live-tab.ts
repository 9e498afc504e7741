'use client';

import { LiveCache } from '@/lib/live/live-cache';
import type { LiveEvent } from '@/lib/live/live-event';
import { flowInNamespace, graphTopicKey, liveStreamUrl, mergeTopics, topicsKey, type LiveTopics } from '@/lib/live/live-topics';

/**
 * The live stream of a browser, shared by its tabs (issue #12.1: browsers allow six HTTP/1.1 connections per host,
 * so one stream per page ran out at the fourth tab). Each tab has one {@link LiveTab}; the tabs elect a leader with
 * the Web Locks API (the lock passes to a waiting tab when the leader closes or crashes). The leader opens the
 * one EventSource with the union of every tab's topics and forwards each event over a BroadcastChannel; the
 * others announce their topics and get what the leader already holds (its {@link LiveCache}) when they join.
 * Without Web Locks or BroadcastChannel a tab simply leads alone.
 */

/** Bus messages between the tabs of a browser. */
type BusMessage =
  | { type: 'topics'; tab: string; topics: LiveTopics }
  | { type: 'bye'; tab: string }
  | { type: 'leader'; tab: string }
  | { type: 'event'; event: LiveEvent }
  | { type: 'replay'; to: string; events: LiveEvent[] };

/** What a LiveTab needs from the browser (swappable in tests). */
export interface LiveTabEnvironment {
  channel(): Pick<BroadcastChannel, 'postMessage' | 'addEventListener'> | undefined;
  /** Calls `onLeader` once this tab holds the leader lock (held until the tab goes away). */
  electLeader(onLeader: () => void): void;
  openSource(url: string): EventSource;
}

interface Listener {
  topics: LiveTopics;
  onEvent(event: LiveEvent): void;
}

const SSE_EVENTS = ['status', 'namespaces', 'flows', 'graph'] as const;

export class LiveTab {
  readonly id = Math.random().toString(36).slice(2);
  private readonly listeners = new Set<Listener>();
  private readonly cache = new LiveCache();
  private channel: ReturnType<LiveTabEnvironment['channel']>;
  private started = false;
  private leader = false;
  /** Leader only: every tab's topics (this one included). */
  private readonly tabs = new Map<string, LiveTopics>();
  private source: EventSource | undefined;
  private sourceKey: string | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly env: LiveTabEnvironment) {}

  /** Listens to `topics`; the listener first gets what this tab already has. Returns the unsubscribe function. */
  subscribe(topics: LiveTopics, onEvent: (event: LiveEvent) => void): () => void {
    const listener: Listener = { topics, onEvent };
    this.listeners.add(listener);
    this.start();
    for (const event of this.cache.replay(topics)) this.dispatch(listener, event);
    this.announce();
    return () => {
      this.listeners.delete(listener);
      this.announce();
    };
  }

  get isLeader(): boolean {
    return this.leader;
  }

  private localTopics(): LiveTopics {
    return mergeTopics([...this.listeners].map((l) => l.topics));
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.channel = this.env.channel();
    if (!this.channel) {
      this.becomeLeader();
      return;
    }
    this.channel.addEventListener('message', (e) => this.onMessage((e as MessageEvent<BusMessage>).data));
    globalThis.addEventListener?.('pagehide', () => this.channel?.postMessage({ type: 'bye', tab: this.id } satisfies BusMessage));
    this.env.electLeader(() => this.becomeLeader());
  }

  private announce(): void {
    const topics = this.localTopics();
    this.cache.retain(this.leader ? mergeTopics([...this.tabs.values(), topics]) : topics);
    if (this.leader) {
      this.tabs.set(this.id, topics);
      this.scheduleReconnect();
    } else this.channel?.postMessage({ type: 'topics', tab: this.id, topics } satisfies BusMessage);
  }

  private becomeLeader(): void {
    this.leader = true;
    this.tabs.clear();
    this.tabs.set(this.id, this.localTopics());
    this.channel?.postMessage({ type: 'leader', tab: this.id } satisfies BusMessage);
    this.scheduleReconnect();
  }

  private onMessage(message: BusMessage): void {
    switch (message.type) {
      case 'event':
        if (!this.leader) this.receive(message.event);
        return;
      case 'replay':
        if (message.to === this.id) for (const event of message.events) this.receive(event);
        return;
      case 'leader':
        if (!this.leader) this.announce();
        return;
      case 'topics':
        if (!this.leader) return;
        this.tabs.set(message.tab, message.topics);
        this.channel?.postMessage({ type: 'replay', to: message.tab, events: this.cache.replay(message.topics) } satisfies BusMessage);
        this.scheduleReconnect();
        return;
      case 'bye':
        if (!this.leader) return;
        this.tabs.delete(message.tab);
        this.scheduleReconnect();
        return;
    }
  }

  /** Leader: (re)opens the stream when the union of topics changed; a few announcements make one reconnect. */
  private scheduleReconnect(): void {
    if (this.reconnectTimer !== undefined) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      const union = mergeTopics([...this.tabs.values()]);
      const key = topicsKey(union);
      if (key === this.sourceKey) return;
      this.sourceKey = key;
      this.source?.close();
      const source = this.env.openSource(liveStreamUrl(union));
      this.source = source;
      source.onopen = () => this.emit({ kind: 'connection', state: 'open' });
      source.onerror = () => this.emit({ kind: 'connection', state: 'reconnecting' });
      for (const name of SSE_EVENTS) source.addEventListener(name, (e) => this.emit(toLiveEvent(name, JSON.parse((e as MessageEvent<string>).data))));
    }, 20);
  }

  /**
   * Leader: an event from the stream, for this tab and the others. Alone, it posts nothing: the bus clones every
   * event (a big map's graph deltas are about a megabyte a second), and a tab that joins gets the leader's cache.
   */
  private emit(event: LiveEvent): void {
    this.receive(event);
    if (this.tabs.size > 1) this.channel?.postMessage({ type: 'event', event } satisfies BusMessage);
  }

  private receive(event: LiveEvent): void {
    this.cache.apply(event, this.leader ? mergeTopics([...this.tabs.values()]) : this.localTopics());
    for (const listener of this.listeners) this.dispatch(listener, event);
  }

  private dispatch(listener: Listener, event: LiveEvent): void {
    const { topics } = listener;
    if (event.kind === 'flows') {
      if (topics.flows.length === 0) return;
      const flows = event.flows.filter((f) => topics.flows.some((ns) => flowInNamespace(f, ns)));
      if (flows.length || event.skipped) listener.onEvent({ ...event, flows });
      return;
    }
    if (event.kind === 'graph' && !topics.graphs.some((g) => graphTopicKey(g) === graphTopicKey(event))) return;
    listener.onEvent(event);
  }
}

/** The SSE payloads are Lockstep's own JSON (lib/live/types, GraphFeedMessage); the event name says which. */
function toLiveEvent(name: (typeof SSE_EVENTS)[number], data: unknown): LiveEvent {
  switch (name) {
    case 'status':
      return { kind: 'status', status: data as Extract<LiveEvent, { kind: 'status' }>['status'] };
    case 'namespaces':
      return { kind: 'namespaces', namespaces: data as Extract<LiveEvent, { kind: 'namespaces' }>['namespaces'] };
    case 'flows':
      return { kind: 'flows', ...(data as Omit<Extract<LiveEvent, { kind: 'flows' }>, 'kind'>) };
    case 'graph':
      return { kind: 'graph', ...(data as Omit<Extract<LiveEvent, { kind: 'graph' }>, 'kind'>) };
  }
}

let shared: LiveTab | undefined;

/** This tab's LiveTab (created on first use, in the browser only). */
export function liveTab(): LiveTab {
  shared ??= new LiveTab(browserEnvironment());
  return shared;
}

function browserEnvironment(): LiveTabEnvironment {
  return {
    channel: () => (typeof BroadcastChannel === 'function' && navigator.locks ? new BroadcastChannel('lockstep-live') : undefined),
    // The callback's promise never settles: the lock is held until the tab goes away, then passes to the next.
    electLeader: (onLeader) => void navigator.locks.request('lockstep-live-leader', () => {
      onLeader();
      return new Promise<never>(() => {});
    }),
    openSource: (url) => new EventSource(url),
  };
}


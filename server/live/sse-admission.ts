import 'server-only';
import { AppError } from '../errors';
import type { MetricsRegistry } from '../metrics';
import { peerAddress, type Principal } from '../auth/auth';

/**
 * Caps on concurrent live (SSE) streams, per client and in total: each open stream holds a subscription, timers
 * and a queue, and hundreds opened at once by one client starved the event loop. A stream over a cap is refused
 * with 503 (and `Retry-After`), counted in `lockstep_sse_rejected_total{reason}`. Every SSE route takes a slot
 * here before it creates its stream and gives it back when the stream closes.
 */

/** Limits of {@link SseAdmission}. */
export interface SseLimits {
  /** Most open streams in total. Default: 200 (`LOCKSTEP_SSE_MAX_STREAMS`). */
  maxStreams: number;
  /** Most open streams per client (user in proxy mode, address in local mode). Default: 20 (`LOCKSTEP_SSE_MAX_PER_CLIENT`). */
  maxPerClient: number;
}

export class SseAdmission {
  private total = 0;
  private readonly perClient = new Map<string, number>();

  constructor(
    readonly limits: SseLimits,
    private readonly metrics: MetricsRegistry,
  ) {}

  /** Takes a slot for one stream of `client`; returns its release (idempotent). 503 when a cap is reached. */
  admit(client: string): () => void {
    const mine = this.perClient.get(client) ?? 0;
    if (this.total >= this.limits.maxStreams) this.refuse('total', `the server has ${this.total} live streams open (the limit)`);
    if (mine >= this.limits.maxPerClient) this.refuse('per_client', `you have ${mine} live streams open (the limit is ${this.limits.maxPerClient}); close some tabs`);
    this.total += 1;
    this.perClient.set(client, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total -= 1;
      const left = (this.perClient.get(client) ?? 1) - 1;
      if (left > 0) this.perClient.set(client, left);
      else this.perClient.delete(client);
    };
  }

  /** Open streams (all clients). */
  get open(): number {
    return this.total;
  }

  private refuse(reason: 'total' | 'per_client', message: string): never {
    this.metrics.inc('lockstep_sse_rejected_total', 1, { reason });
    throw new AppError('unavailable:stream', message, { retryAfterSeconds: 5 });
  }
}

/** Who a stream counts against: the user behind the auth proxy, or the TCP peer in local mode. */
export function sseClientOf(request: Request, principal: Principal): string {
  return principal.via === 'proxy' ? `user:${principal.user}` : `address:${peerAddress(request)}`;
}

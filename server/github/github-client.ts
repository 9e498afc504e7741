import 'server-only';
import { Octokit } from '@octokit/rest';
import { GithubRateLimited, redact } from './github-errors';

/** Options of {@link createGithubClient}. */
export interface GithubClientOptions {
  /** `GITHUB_API_URL` (GitHub Enterprise: `https://host/api/v3`). */
  apiUrl: string;
  /** A secret: goes into the Authorization header and nowhere else. */
  token: string;
  /** Longest wait for a rate limit to reset before giving up. Default: 60 s. */
  maxRateLimitWaitMs?: number;
  /** Retries after a rate limit. Default: 3. */
  maxRateLimitRetries?: number;
  /** Time limit of one request. Default: 30 s. */
  requestTimeoutMs?: number;
  /** Clock and sleep (tests). Default: real time. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told about each wait (tests, progress). */
  onRateLimit?: (waitMs: number) => void;
}

type ErrorLike = { status?: number; message?: string; response?: { headers?: Record<string, string | undefined> } };

/**
 * How long to wait before retrying, when `error` is a GitHub rate limit (primary: 403/429 with
 * `x-ratelimit-remaining: 0`; secondary: 403/429 with `retry-after` or a "rate limit" message), else undefined.
 * Per GitHub's docs: `retry-after` seconds, else until `x-ratelimit-reset`, else one minute.
 */
export function rateLimitWaitMs(error: unknown, now: number): number | undefined {
  const e = (error ?? {}) as ErrorLike;
  if (e.status !== 403 && e.status !== 429) return undefined;
  const headers = e.response?.headers ?? {};
  const retryAfter = Number(headers['retry-after']);
  const remaining = headers['x-ratelimit-remaining'];
  const reset = Number(headers['x-ratelimit-reset']);
  const limited = e.status === 429 || remaining === '0' || Number.isFinite(retryAfter) || /rate limit/i.test(e.message ?? '');
  if (!limited) return undefined;
  if (Number.isFinite(retryAfter) && headers['retry-after'] !== undefined) return Math.max(0, retryAfter * 1000);
  if (remaining === '0' && Number.isFinite(reset)) return Math.max(0, reset * 1000 - now) + 1000;
  return 60_000;
}

/**
 * An Octokit for one export: token auth, the configured API URL, a time limit per request, rate limits waited
 * out (bounded, then a {@link GithubRateLimited} error), and a logger that never prints the token.
 */
export function createGithubClient(options: GithubClientOptions): Octokit {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxWait = options.maxRateLimitWaitMs ?? 60_000;
  const maxRetries = options.maxRateLimitRetries ?? 3;
  const timeout = options.requestTimeoutMs ?? 30_000;
  const quiet = () => {};
  const octokit = new Octokit({
    auth: options.token,
    baseUrl: options.apiUrl,
    userAgent: 'lockstep',
    log: { debug: quiet, info: quiet, warn: (m: string) => console.warn(`[lockstep] github: ${redact(String(m), options.token)}`), error: quiet },
  });
  octokit.hook.wrap('request', async (request, requestOptions) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request({ ...requestOptions, request: { ...requestOptions.request, signal: AbortSignal.timeout(timeout) } });
      } catch (error) {
        const wait = rateLimitWaitMs(error, now());
        if (wait === undefined) throw error;
        if (wait > maxWait || attempt >= maxRetries) throw new GithubRateLimited(now() + wait);
        options.onRateLimit?.(wait);
        await sleep(wait);
      }
    }
  });
  return octokit;
}

'use client';

/**
 * The browser's one path to Lockstep's API: a failed request throws an {@link ApiError} carrying the server's own
 * code and message (`{error: {code, message}}`), or `http_<status>` and a plain description when the answer is
 * not JSON.
 */

/** An API error as the routes send it (`{error: {code, message}}`). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The error of a failed response (reads its body). `what` names the thing in the fallback message. */
export async function apiError(res: Response, what = 'the request'): Promise<ApiError> {
  const body = await res.json().catch(() => undefined);
  return new ApiError(body?.error?.code ?? `http_${res.status}`, body?.error?.message ?? `${what} failed (${res.status})`, res.status);
}

/** Fetches JSON; throws {@link ApiError} when the response is not ok. */
export async function requestJson<T>(url: string, init?: RequestInit, what = 'the request'): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw await apiError(res, what);
  return (await res.json().catch(() => ({}))) as T;
}

/** GETs JSON. `what` names the thing in the fallback message (e.g. "loading the checklist"). */
export function getJson<T>(url: string, what = 'the request'): Promise<T> {
  return requestJson<T>(url, undefined, what);
}

/** POSTs JSON. */
export function postJson<T>(url: string, body: unknown, what = 'the request'): Promise<T> {
  return requestJson<T>(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, what);
}

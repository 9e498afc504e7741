'use client';

/**
 * JSON requests to Lockstep's API from the browser: a failed request throws an Error carrying the server's own
 * message (`{error: {code, message}}`), or a plain description when the answer is not JSON.
 */

async function readJson<T>(res: Response, what: string): Promise<T> {
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body?.error?.message ?? `${what} failed (${res.status})`);
  return body as T;
}

/** GETs JSON. `what` names the thing in the fallback message (e.g. "loading the checklist"). */
export async function getJson<T>(url: string, what = 'the request'): Promise<T> {
  return readJson<T>(await fetch(url), what);
}

/** POSTs JSON. */
export async function postJson<T>(url: string, body: unknown, what = 'the request'): Promise<T> {
  return readJson<T>(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }), what);
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, getJson, postJson, requestJson } from './fetch-json';

const answer = (body: string, status: number, type = 'application/json') => vi.fn(async () => new Response(body, { status, headers: { 'content-type': type } }));

describe('fetch-json: the browser’s one error path', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('throws the server’s own code and message', async () => {
    vi.stubGlobal('fetch', answer(JSON.stringify({ error: { code: 'forbidden:export', message: 'reviewers only' } }), 403));
    const error = await postJson('/api/x', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'forbidden:export', message: 'reviewers only', status: 403 });
  });

  it('names the request and the status when the answer is not JSON (a proxy’s error page)', async () => {
    vi.stubGlobal('fetch', answer('<html>Bad Gateway</html>', 502, 'text/html'));
    await expect(getJson('/api/checklist', 'loading the checklist')).rejects.toMatchObject({ code: 'http_502', message: 'loading the checklist failed (502)' });
  });

  it('returns the body of an ok answer, and sends POST bodies as JSON', async () => {
    const fetch = answer(JSON.stringify({ url: 'https://github.test/pull/7', number: 7 }), 200);
    vi.stubGlobal('fetch', fetch);
    expect(await postJson('/api/export', { a: 1 })).toEqual({ url: 'https://github.test/pull/7', number: 7 });
    expect(fetch).toHaveBeenCalledWith('/api/export', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(await requestJson('/api/export', { method: 'POST' })).toEqual({ url: 'https://github.test/pull/7', number: 7 });
  });
});

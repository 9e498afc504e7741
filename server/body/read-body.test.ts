import { describe, expect, it } from 'vitest';
import { readBodyText, streamBody } from './read-body';
import { appErrorOf } from '../testing/app-error-of';

const MiB = 1024 * 1024;

/** A chunked upload (no Content-Length) of `total` bytes that counts how much of it was ever pulled. */
function chunkedUpload(total: number): { request: Request; pulled: () => number } {
  const chunk = new Uint8Array(MiB).fill(0x61);
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= total) return controller.close();
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  }, { highWaterMark: 0 });
  const request = new Request('http://127.0.0.1/api/analyze', { method: 'POST', body, duplex: 'half' } as RequestInit);
  return { request, pulled: () => pulled };
}

describe('item 4: bodies are streamed with the limit enforced while reading', () => {
  it('answers 413 for a 200 MB chunked body after reading little more than the limit, and stops the upload', async () => {
    const upload = chunkedUpload(200 * MiB);
    const error = await appErrorOf(readBodyText(upload.request, { surface: 'capture', maxBytes: 8 * MiB }));
    expect(error.status).toBe(413);
    expect(error.code).toBe('too_large:capture');
    expect(upload.pulled()).toBeLessThanOrEqual(10 * MiB);
    // The stream was cancelled: nothing more is read from it.
    await new Promise((r) => setTimeout(r, 20));
    expect(upload.pulled()).toBeLessThanOrEqual(10 * MiB);
  });

  it('refuses a declared Content-Length over the limit without reading anything', async () => {
    const upload = chunkedUpload(4 * MiB);
    const request = new Request(upload.request, { headers: { 'content-length': String(50 * MiB) } });
    const error = await appErrorOf(readBodyText(request, { surface: 'namespace', maxBytes: MiB }));
    expect(error.status).toBe(413);
    expect(error.message).toMatch(/1 MiB/);
    expect(upload.pulled()).toBeLessThanOrEqual(MiB);
  });

  it('reads a body within the limit whole', async () => {
    const text = await readBodyText(new Request('http://x/', { method: 'PUT', body: 'kind: CiliumNetworkPolicy\n' }), { surface: 'namespace', maxBytes: 100 });
    expect(text).toBe('kind: CiliumNetworkPolicy\n');
  });

  it('stops reading the upload when the consumer stops early', async () => {
    const upload = chunkedUpload(100 * MiB);
    for await (const chunk of streamBody(upload.request, { surface: 'capture', maxBytes: 200 * MiB })) {
      expect(chunk.byteLength).toBe(MiB);
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(upload.pulled()).toBeLessThanOrEqual(3 * MiB);
  });
});

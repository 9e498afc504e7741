import 'server-only';
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { AppError, type ErrorSurface } from '../errors';

/**
 * Gzip detection and decompression with a limit on the decompressed size, enforced while inflating: a gzip bomb
 * (10 MB that inflates to 10 GiB) is stopped after `maxBytes` of output, with backpressure throughout, so memory
 * stays at a few chunks whatever the ratio.
 */

/** Options of {@link inflateIfGzip}. */
export interface InflateLimit {
  surface: ErrorSurface;
  /** Most decompressed bytes accepted. Default: unlimited (the CLI reading a local file). */
  maxBytes?: number;
}

/** The stream's bytes, inflated when they start with the gzip magic; `onGzip` is told which it was. */
export async function* inflateIfGzip(input: AsyncIterable<Uint8Array>, limit: InflateLimit, onGzip?: (gzip: boolean) => void): AsyncGenerator<Uint8Array> {
  const iterator = input[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const head = first.value;
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  onGzip?.(gzip);
  async function* whole(): AsyncGenerator<Uint8Array> {
    yield head;
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) yield r.value;
  }
  if (!gzip) {
    yield* whole();
    return;
  }
  const source = Readable.from(whole(), { objectMode: false });
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  source.on('error', (e) => gunzip.destroy(e));
  source.pipe(gunzip);
  const max = limit.maxBytes ?? Infinity;
  let bytes = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      bytes += chunk.byteLength;
      if (bytes > max) {
        throw new AppError(`too_large:${limit.surface}`, `the gzip content inflates to more than ${Math.round(max / 1048576)} MiB; split the capture (\`npx lockstep read\` reads any size)`, { limitBytes: max });
      }
      yield chunk;
    }
  } finally {
    gunzip.destroy();
    source.destroy();
  }
}

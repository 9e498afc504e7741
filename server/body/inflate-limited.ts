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
  /**
   * Most decompressed bytes per compressed byte, checked once 16 MiB are out: flow captures compress about 10-30:1,
   * a bomb of zeros about 1000:1, so a bomb is refused after milliseconds rather than after inflating `maxBytes`.
   * Default: unlimited.
   */
  maxRatio?: number;
}

/** Output inflated before the ratio is judged (small inputs have noisy ratios). */
const RATIO_AFTER_BYTES = 16 * 1024 * 1024;

/** The stream's bytes, inflated when they start with the gzip magic; `onGzip` is told which it was. */
export async function* inflateIfGzip(input: AsyncIterable<Uint8Array>, limit: InflateLimit, onGzip?: (gzip: boolean) => void): AsyncGenerator<Uint8Array> {
  const iterator = input[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const head = first.value;
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  onGzip?.(gzip);
  let compressed = head.byteLength;
  async function* whole(): AsyncGenerator<Uint8Array> {
    yield head;
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
      compressed += r.value.byteLength;
      yield r.value;
    }
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
  const maxRatio = limit.maxRatio ?? Infinity;
  let bytes = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      bytes += chunk.byteLength;
      if (bytes > max) {
        throw new AppError(`too_large:${limit.surface}`, `the gzip content inflates to more than ${Math.round(max / 1048576)} MiB; split the capture (\`npx lockstep read\` reads any size)`, { limitBytes: max });
      }
      if (bytes > RATIO_AFTER_BYTES && bytes > compressed * maxRatio) {
        throw new AppError(`too_large:${limit.surface}`, `the gzip content inflates more than ${maxRatio}:1, which no flow capture does (a gzip bomb?)`, { maxRatio });
      }
      yield chunk;
    }
  } finally {
    gunzip.destroy();
    source.destroy();
  }
}

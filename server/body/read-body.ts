import 'server-only';
import { AppError, type ErrorSurface } from '../errors';

/**
 * The one way a route reads a request body: streamed, with the byte limit enforced while reading (a declared
 * Content-Length over the limit is refused before reading anything). When the limit is hit the rest of the body
 * is never read, what was read is dropped and the caller answers 413 at once; nothing buffers a whole upload
 * before checking its size.
 */

/** Options of {@link streamBody} and the readers built on it. */
export interface BodyLimit {
  surface: ErrorSurface;
  /** Most bytes accepted (as sent, before any decompression). */
  maxBytes: number;
  /** Shown in the 413 message, e.g. "use `npx lockstep suggest` for larger captures". */
  hint?: string;
}

/** The 413 every body limit answers with. */
export function bodyTooLarge(limit: BodyLimit, what = 'the request body'): AppError {
  return new AppError(`too_large:${limit.surface}`, `${what} is larger than ${formatBytes(limit.maxBytes)}${limit.hint ? `: ${limit.hint}` : ''}`, { limitBytes: limit.maxBytes });
}

/** The request body as chunks, refusing (413) as soon as more than `maxBytes` arrived. */
export async function* streamBody(request: Request, limit: BodyLimit): AsyncGenerator<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit.maxBytes) throw bodyTooLarge(limit);
  if (!request.body) return;
  const reader = request.body.getReader();
  let bytes = 0;
  let finished = false;
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      bytes += r.value.byteLength;
      if (bytes > limit.maxBytes) throw bodyTooLarge(limit);
      yield r.value;
    }
    finished = true;
  } finally {
    // Stops the upload (on a limit, an error or a consumer that stopped early) instead of reading it to the end.
    // NOTE: not awaited: the runtime's cancel may settle only once the client stops sending, and the 413 must not
    // wait for that.
    if (!finished) reader.cancel().catch(() => {});
  }
}

/** The whole body (at most `maxBytes`) as bytes. */
export async function readBodyBytes(request: Request, limit: BodyLimit): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of streamBody(request, limit)) chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  return Buffer.concat(chunks);
}

/** The whole body (at most `maxBytes`) as UTF-8 text. */
export async function readBodyText(request: Request, limit: BodyLimit): Promise<string> {
  return (await readBodyBytes(request, limit)).toString('utf8');
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KiB`;
  return `${n} bytes`;
}

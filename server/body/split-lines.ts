import 'server-only';

/**
 * Splits a byte stream into lines with the per-line limit enforced while reading: a line longer than
 * `maxLineBytes` is never assembled (its bytes are skipped up to the next newline) and is reported as
 * `{ tooLong: true }`. Lines come in batches (one per input chunk) to keep per-line overhead low.
 */

/** One line: its text, or a marker for a line over the limit (its content dropped). */
export type SplitLine = { text: string; tooLong?: undefined } | { text?: undefined; tooLong: true };

/** Splits `input` into lines (`\n` or `\r\n`), batched per chunk. */
export async function* splitLines(input: AsyncIterable<Uint8Array>, maxLineBytes: number): AsyncGenerator<SplitLine[]> {
  let parts: Buffer[] = [];
  let partBytes = 0;
  let overflow = false;
  const take = (): SplitLine => {
    const line: SplitLine = overflow ? { tooLong: true } : { text: stripCr(parts.length === 1 ? parts[0].toString('utf8') : Buffer.concat(parts).toString('utf8')) };
    parts = [];
    partBytes = 0;
    overflow = false;
    return line;
  };
  for await (const chunk of input) {
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const batch: SplitLine[] = [];
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      const end = nl === -1 ? buf.length : nl;
      if (!overflow && end > start) {
        if (partBytes + (end - start) > maxLineBytes) {
          overflow = true;
          parts = [];
          partBytes = 0;
        } else {
          // A copy when the line continues in the next chunk, so no whole chunk is kept alive by a slice.
          parts.push(nl === -1 ? Buffer.from(buf.subarray(start, end)) : buf.subarray(start, end));
          partBytes += end - start;
        }
      }
      if (nl === -1) break;
      batch.push(take());
      start = nl + 1;
    }
    if (batch.length) yield batch;
  }
  if (overflow || partBytes > 0) yield [take()];
}

function stripCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

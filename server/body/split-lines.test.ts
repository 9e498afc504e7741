import { describe, expect, it } from 'vitest';
import { splitLines, type SplitLine } from './split-lines';

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? Buffer.from(p) : p;
}

async function all(input: AsyncIterable<Uint8Array>, max: number): Promise<SplitLine[]> {
  const out: SplitLine[] = [];
  for await (const batch of splitLines(input, max)) out.push(...batch);
  return out;
}

describe('splitLines', () => {
  it('splits across chunk boundaries, with \\r\\n and a last line without newline', async () => {
    expect(await all(chunks('a\r\nbb', 'b\n', '\nlast'), 100)).toEqual([{ text: 'a' }, { text: 'bbb' }, { text: '' }, { text: 'last' }]);
  });

  it('keeps multi-byte characters split between chunks intact', async () => {
    const bytes = Buffer.from('é\n');
    expect(await all(chunks(bytes.subarray(0, 1), bytes.subarray(1)), 100)).toEqual([{ text: 'é' }]);
  });

  it('item 1: never assembles a line over the limit, however long (64 MiB of zeros without a newline)', async () => {
    const zeros = new Uint8Array(1024 * 1024);
    async function* bomb() {
      for (let i = 0; i < 64; i++) yield zeros;
      yield Buffer.from('\n{"ok":1}\n');
    }
    const before = process.memoryUsage().arrayBuffers;
    const lines = await all(bomb(), 1024 * 1024);
    expect(lines).toEqual([{ tooLong: true }, { text: '{"ok":1}' }]);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 1024 * 1024);
  });
});

import 'server-only';
import fs from 'node:fs';

/** A byte range of a capture file, `[start, end)`, starting at a line's first byte and ending after a newline (or at EOF). */
export interface CaptureRange {
  start: number;
  end: number;
}

const PROBE_BYTES = 64 * 1024;

/**
 * Splits a file of `size` bytes into at most `parts` contiguous ranges of about equal size, each cut right after a
 * newline, so that every line lies in exactly one range (in order). Fewer ranges when lines are longer than a part.
 */
export async function captureRanges(file: string, size: number, parts: number): Promise<CaptureRange[]> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const cuts = [0];
    const buf = Buffer.alloc(PROBE_BYTES);
    for (let i = 1; i < parts; i++) {
      let pos = Math.max(Math.floor((size * i) / parts), cuts[cuts.length - 1]);
      let cut = size;
      while (pos < size) {
        const { bytesRead } = await handle.read(buf, 0, PROBE_BYTES, pos);
        if (bytesRead === 0) break;
        const nl = buf.subarray(0, bytesRead).indexOf(10);
        if (nl === -1) {
          pos += bytesRead;
          continue;
        }
        // A line starting with gzip's magic bytes would make its range look like a gzip stream: cut after it.
        if (!(await startsWithGzipMagic(handle, pos + nl + 1))) {
          cut = pos + nl + 1;
          break;
        }
        pos += nl + 1;
      }
      if (cut >= size) break;
      if (cut > cuts[cuts.length - 1]) cuts.push(cut);
    }
    cuts.push(size);
    return cuts.slice(1).map((end, i) => ({ start: cuts[i], end }));
  } finally {
    await handle.close();
  }
}

/** True when the file starts with gzip's magic bytes (a gzip capture cannot be split by bytes). */
export async function isGzipFile(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    return await startsWithGzipMagic(handle, 0);
  } finally {
    await handle.close();
  }
}

async function startsWithGzipMagic(handle: fs.promises.FileHandle, position: number): Promise<boolean> {
  const magic = Buffer.alloc(2);
  const { bytesRead } = await handle.read(magic, 0, 2, position);
  return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
}

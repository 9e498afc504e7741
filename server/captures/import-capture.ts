import 'server-only';
import { RecentIds } from '@/lib/live/recent-ids';
import type { FlowHub } from '../live/flow-hub';
import type { MetricsRegistry } from '../metrics';
import { AppError } from '../errors';
import { readCapture, type CaptureResult } from './read-capture';
import { streamBody } from '../body/read-body';

/** What an import reports back to the user (no flows: they went into the live store). */
export type CaptureImportSummary = Omit<CaptureResult, 'flows' | 'nodeStatus' | 'lostEvents'> & {
  imported: number;
  duplicates: number;
  namespaces: string[];
  lostEvents: number;
};

/** Options of {@link importCapture}. */
export interface ImportCaptureOptions {
  hub: FlowHub;
  metrics: MetricsRegistry;
  /** Remembers uuids across imports so that importing the same file twice adds nothing. */
  seen: RecentIds;
  /** Most bytes uploaded (gzip as sent). Default: 256 MiB. */
  maxBytes?: number;
  /** Most bytes after decompression. Default: 1 GiB. */
  maxDecompressedBytes?: number;
  /** Most decompressed bytes per gzip byte: captures compress 10-30:1, bombs 1000:1. Default: 200. */
  maxCompressionRatio?: number;
  /** Longest line. Default: 1 MiB. */
  maxLineBytes?: number;
  /** The import stops after this many bad lines. Default: 1000. */
  maxInvalid?: number;
}

/** Streams an uploaded capture into the live store through the same translator as the relay stream. */
export async function importCapture(request: Request, options: ImportCaptureOptions): Promise<CaptureImportSummary> {
  if (!request.body) throw new AppError('bad_request:capture', 'the request has no body: send the capture file as the request body');
  const body = streamBody(request, { surface: 'capture', maxBytes: options.maxBytes ?? 256 * 1024 * 1024, hint: 'import it with `npx lockstep read` in parts' });
  let imported = 0;
  let duplicates = 0;
  const namespaces = new Set<string>();
  const result = await readCapture(body, {
    maxDecompressedBytes: options.maxDecompressedBytes ?? 1024 * 1024 * 1024,
    maxCompressionRatio: options.maxCompressionRatio ?? 200,
    maxLineBytes: options.maxLineBytes,
    maxInvalid: options.maxInvalid ?? 1000,
    onFlow: (flow) => {
      if (!options.seen.add(flow.uuid)) {
        duplicates += 1;
        return;
      }
      imported += 1;
      if (flow.source.namespace) namespaces.add(flow.source.namespace);
      if (flow.destination.namespace) namespaces.add(flow.destination.namespace);
      options.hub.ingest(flow);
    },
  });
  for (const lost of result.lostEvents) options.hub.recordLost(lost);
  options.metrics.inc('lockstep_capture_lines_total', result.flowCount, { result: 'flow' });
  options.metrics.inc('lockstep_capture_lines_total', result.invalid, { result: 'invalid' });
  const { flows: _flows, nodeStatus: _nodeStatus, lostEvents, ...rest } = result;
  return { ...rest, imported, duplicates, namespaces: [...namespaces].sort(), lostEvents: lostEvents.length };
}

import 'server-only';
import { RecentIds } from '@/lib/live/recent-ids';
import type { FlowHub } from '../live/flow-hub';
import type { MetricsRegistry } from '../metrics';
import { AppError } from '../errors';
import { readCapture, type CaptureResult } from './read-capture';

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
  /** Default: 256 MiB. */
  maxBytes?: number;
}

/** Streams an uploaded capture into the live store through the same translator as the relay stream. */
export async function importCapture(body: ReadableStream<Uint8Array> | null, options: ImportCaptureOptions): Promise<CaptureImportSummary> {
  if (!body) throw new AppError('bad_request:capture', 'the request has no body: send the capture file as the request body');
  const maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
  let bytes = 0;
  async function* limited() {
    const reader = body!.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      bytes += r.value.byteLength;
      if (bytes > maxBytes) {
        await reader.cancel();
        throw new AppError('too_large:capture', `the capture is larger than ${Math.round(maxBytes / 1048576)} MiB; import it with \`npx lockstep read\` in parts`);
      }
      yield r.value;
    }
  }
  let imported = 0;
  let duplicates = 0;
  const namespaces = new Set<string>();
  const result = await readCapture(limited(), {
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
  if (result.fatal && /larger than/.test(result.fatal)) throw new AppError('too_large:capture', result.fatal.replace(/^reading stopped after line \d+: /, ''));
  for (const lost of result.lostEvents) options.hub.recordLost(lost);
  options.metrics.inc('lockstep_capture_lines_total', result.flowCount, { result: 'flow' });
  options.metrics.inc('lockstep_capture_lines_total', result.invalid, { result: 'invalid' });
  const { flows: _flows, nodeStatus: _nodeStatus, lostEvents, ...rest } = result;
  return { ...rest, imported, duplicates, namespaces: [...namespaces].sort(), lostEvents: lostEvents.length };
}

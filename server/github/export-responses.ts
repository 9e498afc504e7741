import 'server-only';
import type { OfflineExport } from './exporter';

/** A download of the offline export: the git patch (`.patch`) or the plain YAML (`.yaml`), never cached. */
export function offlineResponse(offline: OfflineExport, kind: 'patch' | 'yaml', filename: string): Response {
  const type = kind === 'patch' ? 'text/x-patch; charset=utf-8' : 'application/yaml; charset=utf-8';
  return new Response(kind === 'patch' ? offline.patch : offline.yaml, {
    headers: {
      'content-type': type,
      'content-disposition': `attachment; filename="${filename}.${kind}"`,
      'cache-control': 'no-store',
      // Which base the patch was planned on: the configured repository, or the uploaded files.
      'x-lockstep-export-base': offline.base,
    },
  });
}

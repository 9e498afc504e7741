'use client';

import { useState } from 'react';
import { useExportPreview } from './use-export';

/** "What will be exported": the accepted patch's changed files as YAML, read from the offline export when opened. */
export function ExportPreview({ namespace, accepted }: { namespace: string; accepted: number }) {
  const [open, setOpen] = useState(false);
  const preview = useExportPreview(namespace, open, accepted);
  return (
    <details className="text-sm" data-testid="export-preview" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer text-sky-700">Show what will be exported ({accepted} accepted)</summary>
      {preview.isPending && open && <p role="status" className="text-slate-500">Planning the export…</p>}
      {preview.isError && <p role="alert" className="text-red-800">{preview.error.message}</p>}
      {preview.data !== undefined && (
        <pre data-testid="export-preview-yaml" className="mt-1 max-h-96 overflow-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{preview.data}</pre>
      )}
    </details>
  );
}

'use client';

import Link from 'next/link';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';

interface ImportSummary {
  lines: number;
  flowCount: number;
  imported: number;
  duplicates: number;
  invalid: number;
  problems: { line: number; reason: string }[];
  fatal?: string;
  gzip: boolean;
  namespaces: string[];
}

/** Import a `hubble observe -o jsonpb` capture or an exporter file; bad lines are listed by number. */
export function CaptureUpload() {
  const [progress, setProgress] = useState<number>();
  const upload = useMutation({
    mutationFn: (file: File) => uploadWithProgress(file, setProgress),
  });
  return (
    <section className="max-w-3xl space-y-4">
      <h1 className="text-xl font-semibold">Import a flow capture</h1>
      <p className="text-sm text-slate-600">
        A file from <code>hubble observe -o jsonpb</code> (or <code>-o json</code>) or the Hubble exporter: one JSON object per line, gzip
        accepted. Its flows join the live view, de-duplicated by uuid.
      </p>
      <label className="block">
        <span className="text-sm font-medium">Capture file</span>
        <input
          type="file"
          accept=".json,.jsonl,.log,.gz,application/json"
          data-testid="capture-file"
          className="mt-1 block text-sm"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) upload.mutate(file);
          }}
        />
      </label>
      {upload.isPending && (
        <div role="status" className="text-sm">
          Uploading… <progress max={1} value={progress ?? 0} className="align-middle" /> {Math.round((progress ?? 0) * 100)}%
        </div>
      )}
      {upload.isError && <p role="alert" className="text-sm text-red-700">{(upload.error as Error).message}</p>}
      {upload.data && <ImportResult summary={upload.data} />}
    </section>
  );
}

function ImportResult({ summary }: { summary: ImportSummary }) {
  return (
    <div data-testid="capture-result" className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
      <p>
        Read {summary.lines.toLocaleString('en')} lines{summary.gzip ? ' (gzip)' : ''}: <strong>{summary.imported.toLocaleString('en')} flows imported</strong>
        {summary.duplicates > 0 && `, ${summary.duplicates.toLocaleString('en')} already known`}
        {summary.invalid > 0 && <span className="text-red-700">, {summary.invalid.toLocaleString('en')} bad lines skipped</span>}.
      </p>
      {summary.fatal && <p role="alert" className="mt-1 text-red-700">{summary.fatal}</p>}
      {summary.problems.length > 0 && (
        <ul className="mt-2 max-h-48 overflow-auto font-mono text-xs text-red-800">
          {summary.problems.map((p) => <li key={p.line}>line {p.line}: {p.reason}</li>)}
        </ul>
      )}
      {summary.namespaces.length > 0 && (
        <p className="mt-2">
          Namespaces:{' '}
          {summary.namespaces.map((ns) => (
            <Link key={ns} className="mr-2 text-sky-700 underline" href={`/namespaces/${encodeURIComponent(ns)}`}>{ns}</Link>
          ))}
        </p>
      )}
    </div>
  );
}

function uploadWithProgress(file: File, onProgress: (fraction: number) => void): Promise<ImportSummary> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/captures');
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new Error('The upload failed: Lockstep did not answer.'));
    xhr.onload = () => {
      let body: { error?: { message: string } } & Partial<ImportSummary>;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        reject(new Error(`The server answered ${xhr.status} without JSON.`));
        return;
      }
      if (xhr.status >= 400 && body.error) reject(new Error(body.error.message));
      else resolve(body as ImportSummary);
    };
    xhr.send(file);
  });
}

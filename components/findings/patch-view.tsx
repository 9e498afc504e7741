'use client';

import { useState } from 'react';
import type { NamespaceAnalysis } from '@/lib/analysis/analyze-namespace';
import { PolicySourceNote } from './policy-source-note';

/** The suggested patch: YAML of new policies, diffs of merged files; copy and download. */
export function PatchView({ analysis, evidence, onEvidence }: { analysis: NamespaceAnalysis; evidence: boolean; onEvidence(v: boolean): void }) {
  const [copied, setCopied] = useState(false);
  const download = () => {
    const url = URL.createObjectURL(new Blob([analysis.patchYaml], { type: 'application/yaml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${analysis.namespace}-lockstep-patch.yaml`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <section aria-labelledby="patch-heading" className="space-y-2">
      <div className="flex flex-wrap items-center gap-3">
        <h3 id="patch-heading" className="font-semibold">
          Suggested patch <span className="text-sm font-normal text-slate-500" data-testid="patch-proposed">(proposed: {analysis.included.length} finding{analysis.included.length === 1 ? '' : 's'}, every one not rejected or unticked; the export below carries only the accepted ones)</span>
        </h3>
        <label className="inline-flex items-center gap-1 text-sm"><input type="checkbox" checked={evidence} onChange={(e) => onEvidence(e.target.checked)} /> evidence comments</label>
        <button type="button" className="rounded border border-slate-300 bg-white px-2 py-0.5 text-sm" onClick={() => navigator.clipboard.writeText(analysis.patchYaml).then(() => setCopied(true))}>
          {copied ? 'Copied' : 'Copy YAML'}
        </button>
        <button type="button" className="rounded border border-slate-300 bg-white px-2 py-0.5 text-sm" onClick={download}>Download</button>
        <a className="text-sm text-sky-700 underline" href={`/api/namespaces/${encodeURIComponent(analysis.namespace)}/patch?evidence=${evidence ? 1 : 0}${analysis.findings.length !== analysis.included.length ? `&exclude=${analysis.findings.filter((f) => !analysis.included.includes(f.id)).map((f) => f.id).join(',')}` : ''}`}>raw</a>
      </div>
      <PolicySourceNote namespace={analysis.namespace} merged={analysis.files.map((f) => f.source)} />
      {analysis.files.map((file) => (
        <div key={file.source}>
          <div className="text-xs text-slate-600">Changes to <code>{file.source}</code> (comments and formatting kept)</div>
          <pre data-testid="patch-diff" className="max-h-96 overflow-auto rounded bg-slate-900 p-3 text-xs text-slate-100">
            {file.diff.split('\n').map((line, i) => (
              <div key={i} className={line.startsWith('+') && !line.startsWith('+++') ? 'text-green-300' : line.startsWith('-') && !line.startsWith('---') ? 'text-red-300' : ''}>{line || ' '}</div>
            ))}
          </pre>
        </div>
      ))}
      {analysis.policies.length > 0 && <div className="text-xs text-slate-600">New policies</div>}
      <pre data-testid="patch-yaml" className="max-h-[32rem] overflow-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{analysis.patchYaml || '# nothing to add'}</pre>
    </section>
  );
}

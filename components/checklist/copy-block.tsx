'use client';

import { useState } from 'react';

/** A block of YAML or shell with a copy button. */
export function CopyBlock({ text, language, label }: { text: string; language: 'yaml' | 'shell'; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1_500);
    } catch {
      // Clipboard access can be refused (plain http, permissions): the text stays selectable.
      setCopied(false);
    }
  };
  return (
    <div className="mt-1" data-testid="copy-block" data-language={language}>
      <div className="flex items-center justify-between text-xs text-slate-500">
        <span>{label ?? (language === 'yaml' ? 'YAML' : 'Shell')}</span>
        <button type="button" onClick={copy} className="rounded border border-slate-300 bg-white px-2 py-0.5 hover:bg-slate-100">
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <pre className="mt-0.5 max-h-72 overflow-auto rounded bg-slate-900 p-2 text-xs text-slate-100"><code>{text}</code></pre>
    </div>
  );
}

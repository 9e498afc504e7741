'use client';

import { useExportConfig, useOpenDefaultDenyPullRequest } from './use-export';

/**
 * Rollout step 8: the cluster-wide default-deny CCNP (DNS allowed in the same resource) as a pull request, or
 * downloaded as YAML / a git patch. For the checklist's step 8.
 */
export function DefaultDenyExport() {
  const config = useExportConfig();
  const open = useOpenDefaultDenyPullRequest();
  const reason = !config.data ? 'Loading the export settings…' : config.data.github.configured ? undefined : config.data.github.reason;
  return (
    <div data-testid="default-deny-export" className="space-y-1 text-sm">
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          data-testid="default-deny-open-pr"
          className="rounded bg-sky-700 px-3 py-1 font-medium text-white disabled:cursor-not-allowed disabled:bg-slate-300 disabled:text-slate-600"
          disabled={reason !== undefined || open.isPending}
          title={reason}
          onClick={() => open.mutate()}
        >
          {open.isPending ? 'Exporting…' : 'Open pull request for the default-deny'}
        </button>
        <a className="text-sky-700 underline" href="/api/export/default-deny.yaml" download>YAML</a>
        <a className="text-sky-700 underline" href="/api/export/default-deny.patch" download>git patch</a>
      </div>
      {reason && !open.isPending && <p className="text-slate-600">{reason}</p>}
      {open.isPending && <p role="status">Opening the pull request…</p>}
      {open.isSuccess && (
        <p role="status" className="text-green-800">
          Pull request <a className="font-medium underline" data-testid="default-deny-pr-link" href={open.data.url} target="_blank" rel="noreferrer">#{open.data.number}</a> {open.data.updated ? 'updated' : 'opened'}.
        </p>
      )}
      {open.isError && <p role="alert" className="text-red-800"><strong>The export failed.</strong> {open.error.message}</p>}
    </div>
  );
}

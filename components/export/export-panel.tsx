'use client';

import { formatDateTime } from '../ui/format';
import { ExportPreview } from './export-preview';
import { OpenPullRequestButton } from './open-pull-request-button';
import { offlineUrls, useExportConfig, useNamespaceExport, useOpenPullRequest, type ExportConfig, type NamespaceExportState } from './use-export';

/** The message while nothing is accepted: the export holds accepted findings only, the suggested patch more. */
function nothingAcceptedText(state: NamespaceExportState): string {
  const proposed = state.proposed > 0 ? `The suggested patch above proposes ${state.proposed} finding${state.proposed === 1 ? '' : 's'}, but the` : 'The';
  return `No finding is accepted yet, so there is nothing to export. ${proposed} export carries only accepted ones: accept the findings that should be allowed (evidence & review), then export.`;
}

/** Why the button is disabled, or undefined when it may be pressed. */
function disabledReason(config: ExportConfig | undefined, state: NamespaceExportState | undefined): string | undefined {
  if (!config || !state) return 'Loading the export settings…';
  if (!config.github.configured) return config.github.reason ?? 'GitHub export is not configured on the server.';
  if (state.accepted === 0) return nothingAcceptedText(state);
  return undefined;
}

/**
 * The Export panel of a namespace's Findings tab: what will be exported (the accepted findings, against the
 * proposed ones of the suggested patch), "Open pull request (N accepted)" (disabled, with the reason, when GitHub
 * is not configured or nothing is accepted), a preview of the exported files, progress while it runs, the pull request link,
 * the error explained; downloads of the same change as a git patch and as YAML.
 */
export function ExportPanel({ namespace }: { namespace: string }) {
  const config = useExportConfig();
  const state = useNamespaceExport(namespace);
  const open = useOpenPullRequest(namespace);
  const reason = disabledReason(config.data, state.data);
  const last = state.data?.lastExport;
  const repo = config.data?.github.repository;
  const urls = offlineUrls(namespace);
  const accepted = state.data?.accepted ?? 0;
  const count = state.data ? ` (${accepted} accepted)` : '';
  const label = `${last ? `Update pull request #${last.number}` : 'Open pull request'}${count}`;
  const nothing = state.data !== undefined && accepted === 0;
  return (
    <section aria-labelledby="export-heading" data-testid="export-panel" className="space-y-2 rounded-lg border border-slate-200 p-3">
      <h3 id="export-heading" className="font-semibold">Export</h3>
      {state.data && (
        <p className="text-sm text-slate-700" data-testid="export-summary">
          <strong>Will be exported: {accepted} accepted finding{accepted === 1 ? '' : 's'}</strong> of {state.data.proposed} proposed in the suggested patch
          {repo ? <>, as a pull request on <code>{repo}</code> against <code>{config.data?.github.baseBranch}</code> or offline.</> : ', offline.'}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <OpenPullRequestButton testId="export-open-pr" label={label} reason={reason} reasonId="export-disabled-reason" pending={open.isPending} onOpen={() => open.mutate()} />
        {state.data && accepted > 0 ? (
          <span className="text-sm">
            Offline: <a className="text-sky-700 underline" data-testid="export-download-patch" href={urls.patch} download>git patch ({accepted})</a>
            {' · '}
            <a className="text-sky-700 underline" data-testid="export-download-yaml" href={urls.yaml} download>YAML ({accepted})</a>
          </span>
        ) : nothing ? (
          <span className="text-sm text-slate-500" data-testid="export-offline-disabled">Offline: git patch (0) · YAML (0)</span>
        ) : null}
      </div>
      {reason && !open.isPending && (
        <p id="export-disabled-reason" data-testid="export-disabled-reason" role={nothing ? 'status' : undefined} className={`text-sm ${nothing ? 'rounded border-l-4 border-amber-500 bg-amber-50 px-2 py-1 text-amber-900' : 'text-slate-600'}`}>
          {reason}
        </p>
      )}
      {state.data && accepted > 0 && <ExportPreview namespace={namespace} accepted={accepted} />}
      {open.isPending && (
        <p role="status" data-testid="export-progress" className="text-sm text-slate-700">
          Reading {repo ?? 'the repository'}, committing the change to a branch and opening the pull request…
        </p>
      )}
      {open.isSuccess && (
        <p role="status" data-testid="export-result" className="text-sm text-green-800">
          Pull request{' '}
          <a className="font-medium underline" data-testid="export-pr-link" href={open.data.url} target="_blank" rel="noreferrer">#{open.data.number}</a>{' '}
          {open.data.updated ? 'updated' : 'opened'} from <code>{open.data.branch}</code> ({open.data.files.join(', ')}).
        </p>
      )}
      {open.isError && (
        <div role="alert" data-testid="export-error" className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-800">
          <strong>The export failed.</strong> {open.error.message}
          {'code' in open.error && <code className="ml-1 text-xs text-red-700">{String(open.error.code)}</code>}
        </div>
      )}
      {last && !open.isSuccess && (
        <p className="text-xs text-slate-500" data-testid="export-last">
          Exported in <a className="underline" href={last.url} target="_blank" rel="noreferrer">#{last.number}</a> by {last.actor} at {formatDateTime(last.at)}.
        </p>
      )}
      {(config.isError || state.isError) && <p role="alert" className="text-sm text-red-700">{((config.error ?? state.error) as Error).message}</p>}
    </section>
  );
}

'use client';

import type { ReactNode } from 'react';
import { DefaultDenyVerification, useDefaultDenyVerification } from './default-deny-verification';
import { OpenPullRequestButton } from './open-pull-request-button';
import { useExportConfig, useOpenDefaultDenyPullRequest } from './use-export';

/**
 * Rollout step 8: the cluster-wide default-deny CCNP (DNS allowed in the same resource), verified first by replay
 * like the patch; offered (to copy, as a pull request, or downloaded as YAML / a git patch) only when it would
 * drop nothing that nobody explained. For the checklist's step 8; `copy` is the step's copyable YAML.
 */
export function DefaultDenyExport({ copy }: { copy?: ReactNode }) {
  const config = useExportConfig();
  const verification = useDefaultDenyVerification();
  const open = useOpenDefaultDenyPullRequest();
  const reason = !config.data ? 'Loading the export settings…' : config.data.github.configured ? undefined : config.data.github.reason;
  if (verification.isError) return <p role="alert" className="text-sm text-red-800">The default deny could not be verified: {verification.error.message}</p>;
  if (!verification.data) return <p role="status" className="text-sm text-slate-500">Replaying the recorded flows against the default deny…</p>;
  return (
    <div data-testid="default-deny-export" className="space-y-1 text-sm">
      <DefaultDenyVerification replay={verification.data} />
      {verification.data.safe && (
        <>
          {copy}
          <div className="flex flex-wrap items-center gap-3">
            <OpenPullRequestButton testId="default-deny-open-pr" label="Open pull request for the default-deny" reason={reason} pending={open.isPending} onOpen={() => open.mutate()} />
            <a className="text-sky-700 underline" href="/api/export/default-deny.yaml" download>YAML</a>
            <a className="text-sky-700 underline" href="/api/export/default-deny.patch" download>git patch</a>
          </div>
          {reason && !open.isPending && <p className="text-slate-600">{reason}</p>}
        </>
      )}
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

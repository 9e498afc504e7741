'use client';

import { useQuery } from '@tanstack/react-query';
import { getJson } from '../ui/fetch-json';
import { useExportConfig } from '../export/use-export';

/**
 * Where the policy files the patch edits come from, said next to the diff: the files Lockstep holds for the
 * namespace (uploaded through the policies API; on the demo relay, the demo cluster's own), and where the export
 * reads them instead (the GitHub repository's files that hold the namespace's policies, else the path template).
 */
export function PolicySourceNote({ namespace, merged }: { namespace: string; merged: readonly string[] }) {
  const files = useQuery({
    queryKey: ['policy-files', namespace],
    queryFn: () => getJson<{ files: { name: string }[] }>(`/api/namespaces/${encodeURIComponent(namespace)}/policies`, 'the policy files'),
    staleTime: 30_000,
  });
  const config = useExportConfig().data;
  const names = files.data?.files.map((f) => f.name) ?? [];
  const template = config?.pathTemplate.replaceAll('{namespace}', namespace);
  const github = config?.github.configured ? config.github : undefined;
  return (
    <div className="rounded border border-slate-200 bg-slate-50 p-2 text-xs text-slate-700" data-testid="policy-source-note">
      <p>
        <strong>Where these policy files come from: </strong>
        {names.length > 0 ? (
          <>
            the diff is against the {names.length === 1 ? 'file' : 'files'} Lockstep holds for {namespace}:{' '}
            {names.map((n, i) => <span key={n}>{i > 0 && ', '}<code>{n}</code>{merged.includes(n) && ' (edited)'}</span>)}.
          </>
        ) : (
          <>Lockstep holds no policy file for {namespace}, so every rule goes into new policies.</>
        )}{' '}
        Files come from <code>PUT /api/namespaces/{namespace}/policies?name=…</code> (uploaded from your GitOps repository); on the demo relay they are
        the demo cluster&apos;s own <code>{`apps/${namespace}/cilium-policies.yaml`}</code>.
      </p>
      <p>
        {github ? (
          <>
            The export reads the files again from <code>{github.repository}</code> on <code>{github.baseBranch}</code>: every file there holding a
            CiliumNetworkPolicy of {namespace} is edited in place; new policies go to {template ? <code>{template}</code> : 'the path template'} when it exists,
            else to the first of those files.
          </>
        ) : (
          <>The offline export plans on these same files; new policies go to {template ? <code>{template}</code> : 'the path template'} (<code>LOCKSTEP_POLICY_PATH_TEMPLATE</code>).</>
        )}
      </p>
    </div>
  );
}

'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDateTime } from '../ui/format';
import { useMe } from '../ui/use-me';
import { getJson, postJson } from '../ui/fetch-json';

type Status = 'new' | 'accepted' | 'rejected' | 'needs-info';

interface ThreadEntry {
  id: number;
  actor: string;
  at: number;
  decision?: Status;
  fromStatus?: Status;
  comment?: string;
}

const DECISIONS: { status: Status; label: string }[] = [
  { status: 'accepted', label: 'Accept' },
  { status: 'rejected', label: 'Reject' },
  { status: 'needs-info', label: 'Needs info' },
];

/** Review a finding: decide (accept / reject / needs info) with a comment; read and add to its thread. */
export function FindingReview({ findingId, status, seenAgain, testIdPrefix = 'finding' }: { findingId: string; status: Status; seenAgain: boolean; testIdPrefix?: string }) {
  const me = useMe();
  const client = useQueryClient();
  const [comment, setComment] = useState('');
  const thread = useQuery({
    queryKey: ['thread', findingId],
    queryFn: async () => (await getJson<{ thread: ThreadEntry[] }>(`/api/findings/${encodeURIComponent(findingId)}`, 'loading the thread')).thread,
  });
  const refresh = () => Promise.all([client.invalidateQueries({ queryKey: ['thread', findingId] }), client.invalidateQueries({ queryKey: ['analysis'] }), client.invalidateQueries({ queryKey: ['audit-log'] })]);
  const decide = useMutation({
    mutationFn: (decision: Status) => postJson(`/api/findings/${encodeURIComponent(findingId)}/review`, { decision, comment: comment.trim() || undefined, expectedStatus: status }),
    onSuccess: async () => {
      setComment('');
      await refresh();
    },
  });
  const addComment = useMutation({
    mutationFn: () => postJson(`/api/findings/${encodeURIComponent(findingId)}/comments`, { comment }),
    onSuccess: async () => {
      setComment('');
      await refresh();
    },
  });
  const canReview = me.data?.role === 'reviewer' || me.data?.role === 'admin';
  const error = (decide.error ?? addComment.error) as Error | null;
  return (
    <div className="mt-2 space-y-2" data-testid={`${testIdPrefix}-review`}>
      {status === 'rejected' && (
        <p className="rounded bg-red-50 p-2 text-red-900">
          Rejected: this traffic stays out of the policy and will be dropped once enforcement is on. Find the caller and stop it (or fix its
          configuration) before step 7{seenAgain && <strong>. It was seen again after the rejection.</strong>}
        </p>
      )}
      <ol className="space-y-1" data-testid={`${testIdPrefix}-thread`}>
        {(thread.data ?? []).map((e) => (
          <li key={e.id} className="text-slate-700">
            <span className="text-slate-500">{formatDateTime(e.at)}</span> <strong>{e.actor}</strong>
            {e.decision && <> set <strong>{e.decision}</strong>{e.fromStatus && ` (was ${e.fromStatus})`}</>}
            {e.comment && <>: {e.comment}</>}
          </li>
        ))}
        {thread.data?.length === 0 && <li className="text-slate-500">No reviews yet.</li>}
      </ol>
      {canReview ? (
        <div className="flex flex-wrap items-center gap-2">
          <input aria-label="Comment" value={comment} onChange={(e) => setComment(e.target.value)} placeholder="Comment (why, who owns it, next step)" className="min-w-72 flex-1 rounded border border-slate-300 px-2 py-1" />
          {DECISIONS.filter((d) => d.status !== status).map((d) => (
            <button key={d.status} type="button" disabled={decide.isPending} onClick={() => decide.mutate(d.status)} className="rounded border border-slate-300 bg-white px-2 py-1 hover:bg-slate-100 disabled:opacity-50">
              {d.label}
            </button>
          ))}
          <button type="button" disabled={!comment.trim() || addComment.isPending} onClick={() => addComment.mutate()} className="rounded border border-slate-300 bg-white px-2 py-1 hover:bg-slate-100 disabled:opacity-50">
            Comment
          </button>
        </div>
      ) : (
        <p className="text-slate-500">{me.data ? `You are a ${me.data.role}: reviewing needs the reviewer role.` : 'Checking your role…'}</p>
      )}
      {error && <p role="alert" className="text-red-700">{error.message}</p>}
    </div>
  );
}

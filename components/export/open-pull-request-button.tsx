'use client';

/**
 * The "open pull request" button of every GitHub export (a namespace's patch, the cluster-wide default-deny):
 * disabled with its reason as tooltip while the export is not possible or already running.
 */
export function OpenPullRequestButton({ testId, label, reason, reasonId, pending, onOpen }: {
  testId: string;
  label: string;
  /** Why the export is not possible now; the button is disabled while set. */
  reason?: string;
  /** The id of the element that shows `reason`, for screen readers. */
  reasonId?: string;
  pending: boolean;
  onOpen: () => void;
}) {
  return (
    <button
      type="button"
      data-testid={testId}
      className="rounded bg-sky-700 px-3 py-1 text-sm font-medium text-white disabled:cursor-not-allowed disabled:bg-slate-300 disabled:text-slate-600"
      disabled={reason !== undefined || pending}
      title={reason}
      aria-describedby={reason && reasonId ? reasonId : undefined}
      onClick={onOpen}
    >
      {pending ? 'Exporting…' : label}
    </button>
  );
}

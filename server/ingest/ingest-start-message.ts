/**
 * The ingest's start line: when it started (now) and, separately, the backlog window it asks the relay for
 * (from the cursor minus the overlap, or the de-duplication window on a first start). Printing only the backlog
 * start read as a wrong start time ("started at 11:32Z" for a start at 17:32Z).
 */
export function ingestStartMessage(now: number, backlogFrom: number, resuming: boolean): string {
  const window = formatDuration(Math.max(0, now - backlogFrom));
  return `started at ${new Date(now).toISOString()}; backlog from ${new Date(backlogFrom).toISOString()} (${window} back, ${resuming ? 'resuming from the cursor' : 'first start'})`;
}

function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.round(minutes / 6) / 10} h`;
}

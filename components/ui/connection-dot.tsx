/** A coloured dot with a text label for a connection state (the text carries the meaning, not the colour). */
export function ConnectionDot({ state, label }: { state: 'ok' | 'warn' | 'bad' | 'idle'; label: string }) {
  const colour = { ok: 'bg-green-500', warn: 'bg-amber-500 animate-pulse', bad: 'bg-red-600', idle: 'bg-slate-400' }[state];
  return (
    <span className="inline-flex items-center gap-1.5">
      <span className={`h-2.5 w-2.5 rounded-full ${colour}`} aria-hidden />
      <span>{label}</span>
    </span>
  );
}

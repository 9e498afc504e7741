/** Stable ids for findings: a short hash of the canonical key, identical across runs and machines. */

function fnv1a(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** 12 hex characters (48 bits) derived from `text` with two FNV-1a lanes. */
export function shortHash(text: string): string {
  const a = fnv1a(text, 2166136261).toString(16).padStart(8, '0');
  const b = fnv1a(text, 0x811c9dc5 ^ 0x5bd1e995).toString(16).padStart(8, '0');
  return (a + b).slice(0, 12);
}

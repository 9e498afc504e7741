import { shortHash } from '../findings/finding-id';

/** Lowercase DNS-1123 text: invalid characters become `-`, trimmed, at most `max` characters. */
function slug(text: string, max: number): string {
  const cleaned = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-');
  return cleaned.slice(0, max).replace(/^-+|-+$/g, '');
}

/**
 * Deterministic policy names `<workload>-<suffix>` for the subjects of one namespace, from their selector values
 * (`blog-lockstep`). Two subjects that would collide get a short hash of their selector inserted
 * (`postgres-1a2b3c-lockstep`). Names stay valid DNS-1123 subdomains of at most 63 characters.
 * Returns selector canonical JSON → name.
 */
export function policyNames(selectors: readonly Record<string, string>[], suffix = 'lockstep'): Map<string, string> {
  const cleanSuffix = slug(suffix, 20) || 'lockstep';
  const max = 63 - cleanSuffix.length - 8;
  const bases = new Map(selectors.map((s) => [selectorCanonical(s), slug(Object.values(s).join('-'), max) || 'workload']));
  const counts = new Map<string, number>();
  for (const base of bases.values()) counts.set(base, (counts.get(base) ?? 0) + 1);
  const out = new Map<string, string>();
  for (const [key, base] of bases) {
    const unique = counts.get(base)! > 1 ? `${base}-${shortHash(key).slice(0, 6)}` : base;
    out.set(key, `${unique}-${cleanSuffix}`);
  }
  return out;
}

/** Canonical JSON of a selector (sorted entries), the key of {@link policyNames}. */
export function selectorCanonical(selector: Record<string, string>): string {
  return JSON.stringify(Object.entries(selector).sort());
}

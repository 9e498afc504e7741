import type { FQDNSelector } from './cnp-types';

/** A compiled `toFQDNs` entry: a predicate on a normalised DNS name (see {@link normalizeDnsName}). */
export type FqdnMatcher = (name: string) => boolean;

/** Lower-cases a DNS name and drops its trailing dot: `API.GitHub.com.` → `api.github.com`. */
export function normalizeDnsName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** Characters `*` may stand for: valid DNS characters except the label separator. */
const LABEL_CHARS = '[-a-z0-9_]*';

/**
 * Compiles a `toFQDNs` selector (CRD `FQDNSelector`): `matchName` matches the literal name; `matchPattern`
 * treats `*` as zero or more DNS characters within one label, `*` alone as every name, and a leading `**.` as
 * one or more whole labels (`**.cilium.io` matches `a.b.cilium.io`, not `cilium.io`). Case-insensitive; trailing
 * dots ignored. Returns undefined for an entry with neither field.
 */
export function compileFqdnSelector(selector: FQDNSelector): FqdnMatcher | undefined {
  if (typeof selector.matchName === 'string' && selector.matchName !== '') {
    const name = normalizeDnsName(selector.matchName);
    return (candidate) => candidate === name;
  }
  if (typeof selector.matchPattern !== 'string' || selector.matchPattern === '') return undefined;
  const pattern = normalizeDnsName(selector.matchPattern);
  if (pattern === '*') return () => true;
  let prefix = '';
  let rest = pattern;
  if (rest.startsWith('**.')) {
    prefix = '(?:[-a-z0-9_]+\\.)+';
    rest = rest.slice(3);
  }
  const body = rest
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join(LABEL_CHARS);
  const regex = new RegExp(`^${prefix}${body}$`);
  return (candidate) => regex.test(candidate);
}

/** True when some of `names` (already normalised) is matched by some of `matchers`. */
export function fqdnsMatch(matchers: readonly FqdnMatcher[], names: readonly string[]): boolean {
  for (const name of names) {
    for (const matcher of matchers) if (matcher(name)) return true;
  }
  return false;
}

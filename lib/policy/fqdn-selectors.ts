import type { FQDNSelector } from './cnp-types';

/** The parent domain of a name when it still has at least two labels (`api.github.com` → `github.com`). */
function parentOf(name: string): string | undefined {
  const dot = name.indexOf('.');
  const parent = dot === -1 ? '' : name.slice(dot + 1);
  return parent.includes('.') ? parent : undefined;
}

/**
 * `toFQDNs` selectors for observed names: `matchName` per name (the default: nothing beyond what was seen), or,
 * when `usePatterns` is set, `matchPattern: "*.<parent>"` for every parent shared by two or more names
 * (`api.github.com` + `codeload.github.com` → `*.github.com`). Never a bare `*` or a pattern on a one-label parent.
 * Sorted, patterns and names mixed by text.
 */
export function fqdnSelectors(names: readonly string[], usePatterns: boolean): FQDNSelector[] {
  const unique = [...new Set(names)].sort();
  if (!usePatterns) return unique.map((matchName) => ({ matchName }));
  const byParent = new Map<string, string[]>();
  for (const name of unique) {
    const parent = parentOf(name);
    if (parent) byParent.set(parent, [...(byParent.get(parent) ?? []), name]);
  }
  const covered = new Set<string>();
  const selectors: FQDNSelector[] = [];
  for (const [parent, members] of byParent) {
    if (members.length < 2) continue;
    selectors.push({ matchPattern: `*.${parent}` });
    members.forEach((m) => covered.add(m));
  }
  for (const name of unique) if (!covered.has(name)) selectors.push({ matchName: name });
  const text = (s: FQDNSelector) => s.matchPattern ?? s.matchName ?? '';
  return selectors.sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}

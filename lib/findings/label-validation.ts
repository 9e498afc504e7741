/**
 * Kubernetes label and name validation (apimachinery `validation.IsQualifiedName`, `IsValidLabelValue`,
 * `IsDNS1123Label`, `IsDNS1123Subdomain`). Flows are untrusted input: nothing reaches a selector, a namespace or a
 * policy name without passing these checks.
 */

const NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A DNS-1123 subdomain (≤ 253 characters, lowercase): label-key prefixes, object names. */
export function isDnsSubdomain(value: string): boolean {
  return value.length > 0 && value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/** A DNS-1123 label (≤ 63 characters, lowercase): namespace names. */
export function isDnsLabel(value: string): boolean {
  return value.length > 0 && value.length <= 63 && DNS1123_LABEL.test(value);
}

/** A Kubernetes namespace name. */
export function isValidNamespace(value: string): boolean {
  return isDnsLabel(value);
}

/**
 * A label key: an optional DNS-subdomain prefix (≤ 253) and `/`, then a name (≤ 63) of `[A-Za-z0-9._-]`
 * that starts and ends alphanumeric. A Cilium source prefix (`k8s:`) is NOT part of the key.
 */
export function isValidLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (slash !== -1 && !isDnsSubdomain(key.slice(0, slash))) return false;
  return name.length > 0 && name.length <= 63 && NAME_PART.test(name);
}

/** A label value: empty, or ≤ 63 characters of `[A-Za-z0-9._-]` starting and ending alphanumeric. */
export function isValidLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && NAME_PART.test(value));
}

/** Cilium label sources a selector key may carry (`k8s:app`); both forms match (docs/cnp-semantics.md §5). */
const SELECTOR_SOURCES = ['k8s', 'any', 'reserved', 'unspec', 'container', 'cidr', 'fqdn', 'cidrgroup', 'node'];

/** Splits an optional Cilium source prefix off a selector key: `k8s:app` → `{source:'k8s', key:'app'}`. */
export function splitSelectorKey(key: string): { source: string | undefined; key: string } {
  const colon = key.indexOf(':');
  if (colon === -1) return { source: undefined, key };
  const source = key.slice(0, colon);
  return SELECTOR_SOURCES.includes(source) ? { source, key: key.slice(colon + 1) } : { source: undefined, key };
}

/** A `matchLabels` key as written in a policy: an optional Cilium source prefix plus a valid label key. */
export function isValidSelectorKey(key: string): boolean {
  return isValidLabelKey(splitSelectorKey(key).key);
}

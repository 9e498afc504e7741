import { splitSelectorKey } from '../findings/label-validation';
import type { EndpointSelector } from './cnp-types';

/**
 * The bare label key a selector key refers to on a pod (`k8s:app` and `any:app` → `app`), or undefined when the
 * key names another source (`reserved:`, `cidr:` ...) that pod labels never carry.
 */
export function podLabelKey(key: string): string | undefined {
  const { source, key: bare } = splitSelectorKey(key);
  return source === undefined || source === 'k8s' || source === 'any' ? bare : undefined;
}

/**
 * True when `selector` selects a pod with `labels` (bare keys, namespace label included): every matchLabels entry
 * and every matchExpressions requirement holds. `{}` selects every pod. Unknown operators select nothing.
 */
export function selectorSelects(selector: EndpointSelector, labels: Record<string, string>): boolean {
  const has = (key: string) => Object.prototype.hasOwnProperty.call(labels, key);
  for (const [rawKey, value] of Object.entries(selector.matchLabels ?? {})) {
    const key = podLabelKey(rawKey);
    if (key === undefined || !has(key) || labels[key] !== String(value)) return false;
  }
  for (const req of selector.matchExpressions ?? []) {
    const key = podLabelKey(String(req?.key ?? ''));
    if (key === undefined) return false;
    const values = (req.values ?? []).map(String);
    const ok =
      req.operator === 'In' ? has(key) && values.includes(labels[key])
      : req.operator === 'NotIn' ? !has(key) || !values.includes(labels[key])
      : req.operator === 'Exists' ? has(key)
      : req.operator === 'DoesNotExist' ? !has(key)
      : false;
    if (!ok) return false;
  }
  return true;
}

/** Canonical JSON of a selector with bare keys, for equality (`k8s:app: x` equals `app: x`). */
export function selectorKey(selector: EndpointSelector | undefined): string {
  const labels = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => [podLabelKey(k) ?? k, String(v)]);
  const exprs = (selector?.matchExpressions ?? []).map((e) => [podLabelKey(String(e.key)) ?? e.key, e.operator, [...(e.values ?? [])].map(String).sort()]);
  return JSON.stringify([labels.sort(), exprs.sort()]);
}

/**
 * Hubble's label filters (`source_label` / `destination_label`): a Kubernetes label selector whose keys may carry
 * a Cilium source prefix (`k8s:app=foo`, `reserved:world`); a key without one matches any source
 * (cilium/cilium pkg/hubble/filters/labelparser.go). Supported requirements: `key`, `!key`, `key=v`, `key==v`,
 * `key!=v`, `key in (a,b)`, `key notin (a,b)`, comma-separated (all must hold).
 */

/** One parsed requirement. */
interface Requirement {
  source: string;
  key: string;
  op: 'exists' | 'absent' | 'in' | 'notin';
  values: string[];
}

/** A compiled selector: true if an endpoint's Cilium labels match. */
export type LabelMatcher = (labels: readonly string[]) => boolean;

/** Compiles one selector; throws an Error with a readable message when it is malformed. */
export function compileLabelSelector(selector: string): LabelMatcher {
  const requirements = splitRequirements(selector).map(parseRequirement);
  if (requirements.length === 0) throw new Error(`empty label selector ${JSON.stringify(selector)}`);
  return (labels) => {
    const parsed = labels.map(parseCiliumLabel);
    return requirements.every((r) => matches(r, parsed));
  };
}

function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

const KEY = String.raw`[A-Za-z0-9][-A-Za-z0-9_./:]*`;
const SET_RE = new RegExp(String.raw`^(${KEY})\s+(in|notin)\s+\(([^)]*)\)$`);
const EQ_RE = new RegExp(String.raw`^(${KEY})\s*(==|=|!=)\s*([-A-Za-z0-9_.]*)$`);
const EXISTS_RE = new RegExp(String.raw`^(!?)\s*(${KEY})$`);

function parseRequirement(text: string): Requirement {
  let m = SET_RE.exec(text);
  if (m) return { ...splitKey(m[1]), op: m[2] === 'in' ? 'in' : 'notin', values: m[3].split(',').map((v) => v.trim()).filter((v) => v !== '') };
  m = EQ_RE.exec(text);
  if (m) return { ...splitKey(m[1]), op: m[2] === '!=' ? 'notin' : 'in', values: [m[3]] };
  m = EXISTS_RE.exec(text);
  if (m) return { ...splitKey(m[2]), op: m[1] ? 'absent' : 'exists', values: [] };
  throw new Error(`invalid label selector requirement ${JSON.stringify(text)}`);
}

function splitKey(raw: string): { source: string; key: string } {
  const colon = raw.indexOf(':');
  return colon === -1 ? { source: 'any', key: raw } : { source: raw.slice(0, colon), key: raw.slice(colon + 1) };
}

interface ParsedLabel {
  source: string;
  key: string;
  value: string;
}

function parseCiliumLabel(label: string): ParsedLabel {
  const colon = label.indexOf(':');
  const source = colon === -1 ? 'unspec' : label.slice(0, colon);
  const rest = colon === -1 ? label : label.slice(colon + 1);
  const eq = rest.indexOf('=');
  return eq === -1 ? { source, key: rest, value: '' } : { source, key: rest.slice(0, eq), value: rest.slice(eq + 1) };
}

function matches(r: Requirement, labels: ParsedLabel[]): boolean {
  const found = labels.filter((l) => l.key === r.key && (r.source === 'any' || l.source === r.source));
  switch (r.op) {
    case 'exists':
      return found.length > 0;
    case 'absent':
      return found.length === 0;
    case 'in':
      return found.some((l) => r.values.includes(l.value));
    case 'notin':
      return found.every((l) => !r.values.includes(l.value));
  }
}

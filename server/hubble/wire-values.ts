import 'server-only';

/**
 * Readers for the loosely typed values of decoded Hubble messages (proto-loader or protobufjs objects, or a
 * jsonpb capture's JSON): each returns the type's zero value for anything else, as protobuf does for an unset
 * field, so a translator never throws on a missing or mistyped field (except `num` on a non-numeric string).
 */

/** A decoded message: field name → value. */
export type Obj = Record<string, unknown>;

/** True for a message (a plain object, not an array or null). */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string field; '' when unset or not a string. */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** A repeated string field; the strings of it, [] when unset. */
export function strs(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  // Fast path: decoded messages already hold string arrays; only copy when something else is mixed in.
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return v.filter((x): x is string => typeof x === 'string');
  return v as string[];
}

/** A numeric field (number, int64 as string or Long); 0 when unset. Throws on a string that is not a number. */
export function num(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : 0;
  if (typeof v === 'string' && v !== '') {
    const n = Number(v);
    if (Number.isFinite(n)) return n;
    throw new Error(`expected a number, got ${JSON.stringify(v.slice(0, 40))}`);
  }
  if (typeof v === 'object' && v !== null && 'toNumber' in v) return (v as { toNumber(): number }).toNumber();
  return 0;
}

/** A `google.protobuf.*Value` wrapper field (`{ value }`) as a number; undefined when the wrapper is unset. */
export function wrapped(v: unknown): number | undefined {
  if (v && typeof v === 'object' && 'value' in v) return Number((v as { value: unknown }).value ?? 0);
  return undefined;
}

import { FIELD_COMPILERS, type FlowPredicate } from './flow-filter-fields';

/**
 * Hubble FlowFilter evaluation on wire flows (proto field names), as GetFlows applies it: a filter matches when
 * every field it sets matches (AND), a list matches when any filter matches (OR), and a flow passes when the
 * whitelist is empty or matches and the blacklist does not. A filter that sets a field this relay cannot
 * evaluate is rejected (FlowFilterError → INVALID_ARGUMENT) rather than silently ignored.
 */

export type { FlowPredicate } from './flow-filter-fields';

/** A malformed or unsupported filter; the message names the field. */
export class FlowFilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlowFilterError';
  }
}

/** The FlowFilter fields this relay evaluates. */
export const SUPPORTED_FILTER_FIELDS: readonly string[] = Object.keys(FIELD_COMPILERS);

/** True when a decoded filter field carries a value (absent, empty lists and empty messages are unset). */
function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.values(value as object).some(isSet);
  return value !== false && value !== '' && value !== 0;
}

/** Compiles one FlowFilter into a predicate. Throws FlowFilterError for unsupported or malformed fields. */
export function compileFlowFilter(filter: Record<string, unknown>): FlowPredicate {
  const unsupported = Object.keys(filter).filter((k) => isSet(filter[k]) && !FIELD_COMPILERS[k]);
  if (unsupported.length) {
    throw new FlowFilterError(`unsupported FlowFilter field(s) in the demo relay: ${unsupported.sort().join(', ')}`);
  }
  const predicates: FlowPredicate[] = [];
  for (const [field, value] of Object.entries(filter)) {
    if (!isSet(value)) continue;
    const values = Array.isArray(value) ? value : [value];
    try {
      predicates.push(FIELD_COMPILERS[field](values));
    } catch (error) {
      throw new FlowFilterError(`invalid ${field} filter: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return (flow) => predicates.every((p) => p(flow));
}

/** The predicate of a request without filters (callers may skip building the wire flow for it). */
export const ACCEPT_ALL: FlowPredicate = () => true;

/**
 * Compiles a GetFlowsRequest's whitelist and blacklist into one predicate: (no whitelist or any whitelist filter
 * matches) and no blacklist filter matches.
 */
export function compileFlowFilters(whitelist: readonly Record<string, unknown>[] = [], blacklist: readonly Record<string, unknown>[] = []): FlowPredicate {
  const allow = whitelist.map(compileFlowFilter);
  const deny = blacklist.map(compileFlowFilter);
  if (allow.length === 0 && deny.length === 0) return ACCEPT_ALL;
  return (flow) => (allow.length === 0 || allow.some((p) => p(flow))) && !deny.some((p) => p(flow));
}

import 'server-only';
import type { Flow } from '@/lib/flow/flow';
import { FindingSet } from '@/lib/findings/finding-set';
import type { Finding, FindingOptions } from '@/lib/findings/finding';
import type { AuditTally } from '@/lib/findings/audit-accounting';

/**
 * The findings of one ingest batch: counts cover exactly `fresh` (flows never counted before), so adding them to
 * the stored rows counts every flow once. `seeds` (resolver context) come first so that FQDN findings find their
 * resolvers; they are not policy verdicts and never count.
 * NOTE: selectors are chosen among the workloads a batch sees (lib/findings `resolveSelectors`), so two workloads
 * sharing a primary label get a disambiguated selector, and a different finding id, only in batches that see both.
 */
export function summarizeFlows(fresh: readonly Flow[], seeds: readonly Flow[], options: FindingOptions = {}): { findings: Finding[]; tallies: AuditTally[] } {
  // The database de-duplicates by uuid; the set's own window would only cost time. Seeds are DNS flows, never
  // AUDIT verdicts, so they add nothing to the tallies.
  const set = new FindingSet({ ...options, dedupeWindow: 0 }).add(seeds).add(fresh);
  return { findings: set.findings(), tallies: set.tallyRows() };
}

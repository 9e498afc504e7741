import type { Flow } from '../flow/flow';
import { FindingSet } from './finding-set';
import type { AuditAccounting } from './audit-accounting';
import type { Finding, FindingOptions } from './finding';
import type { Problem } from './problems';

/** Findings and problems of a complete capture. */
export interface ExtractFindingsResult {
  findings: Finding[];
  problems: Problem[];
  /** Per namespace: AUDIT verdicts against the findings' AUDIT flows (see audit-accounting.ts). */
  accounting: AuditAccounting[];
}

/** One-shot form of {@link FindingSet}: every flow at once. */
export function extractFindings(flows: Iterable<Flow>, options: FindingOptions = {}): ExtractFindingsResult {
  const set = new FindingSet(options).add(flows);
  return { findings: set.findings(), problems: set.problems(), accounting: set.accounting() };
}

import type { AuditAccounting } from '../findings/audit-accounting';
import { describeFinding } from '../findings/describe-finding';
import type { NamespaceAnalysis } from './analyze-namespace';

const count = (n: number) => n.toLocaleString('en-US');

/** `AUDIT verdicts 2,026 · in findings 2,026 · 12 reply verdicts ignored`, plus skipped verdicts by code. */
export function describeAccounting(a: AuditAccounting): string {
  const parts = [`AUDIT verdicts ${count(a.auditVerdicts)}`, `in findings ${count(a.inFindings)}`];
  if (a.replyVerdicts > 0) parts.push(`${count(a.replyVerdicts)} reply verdicts ignored`);
  const skipped = Object.entries(a.skipped).map(([code, n]) => `${count(n ?? 0)} skipped (${code})`);
  return [...parts, ...skipped].join(' · ');
}

/**
 * The triage part of a namespace's report, as comment lines for `lockstep suggest`'s stderr: accounting, held
 * findings with their reasons, and findings no rule can select with what to do.
 */
export function triageReport(analysis: NamespaceAnalysis, options: { includeHeld?: boolean } = {}): string[] {
  const ns = analysis.namespace;
  const lines: string[] = [];
  if (analysis.accounting) lines.push(`# ${ns}: ${describeAccounting(analysis.accounting)}`);
  const byId = new Map(analysis.findings.map((f) => [f.id, f]));
  if (analysis.held.ids.length > 0) {
    const what = options.includeHeld ? 'put into the patch (--include-held)' : 'left out of the patch (--include-held puts them in)';
    lines.push(`# ${ns}: ${analysis.held.ids.length} finding(s) held for review, ${count(analysis.held.flows)} flows, ${what}:`);
    for (const id of analysis.held.ids) {
      const finding = byId.get(id)!;
      lines.push(`#   held ${id} ${describeFinding(finding)} (${count(finding.flows)} flows)`);
      for (const s of analysis.triage[id]?.signals ?? []) lines.push(`#     - ${s.reason}`);
    }
  }
  if (analysis.unselectable.length > 0) {
    lines.push(`# ${ns}: ${analysis.unselectable.length} finding(s) no rule can select (no stable label); label the workload's controller with app.kubernetes.io/name, or remove it if it is a debug pod:`);
    for (const id of analysis.unselectable) lines.push(`#   ${id} ${describeFinding(byId.get(id)!)} (${count(byId.get(id)!.flows)} flows)`);
  }
  return lines;
}

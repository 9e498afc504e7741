import { Document, isSeq } from 'yaml';
import { evidenceComment, type RuleEvidence } from './evidence';
import type { SuggestedPolicy } from './suggested-policy';

/** Options of {@link policiesToYaml}. */
export interface ToYamlOptions {
  /** Put a `# lockstep: N flows, first …, last …` comment above every suggested rule. Default: true. */
  evidenceComments?: boolean;
}

/** yaml `toString` options shared by every Lockstep output: no line folding, so names and CIDRs stay on one line. */
export const YAML_OUTPUT_OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const;

/** Adds evidence comments to the items of a rule sequence (index-aligned). */
export function commentRules(doc: Document, path: (string | number)[], evidence: readonly RuleEvidence[]): void {
  const seq = doc.getIn(path, true);
  if (!isSeq(seq)) return;
  seq.items.forEach((item, i) => {
    if (evidence[i] && item && typeof item === 'object') (item as { commentBefore?: string }).commentBefore = evidenceComment(evidence[i]);
  });
}

/** One suggested policy as a yaml Document (built from the object, never from text). */
export function policyDocument(suggested: SuggestedPolicy, options: ToYamlOptions = {}): Document {
  const doc = new Document(suggested.policy);
  doc.directives!.docStart = true;
  if (options.evidenceComments ?? true) {
    commentRules(doc, ['spec', 'ingress'], suggested.evidence.ingress);
    commentRules(doc, ['spec', 'egress'], suggested.evidence.egress);
  }
  return doc;
}

/**
 * Multi-document YAML of suggested policies, each document opened by `---`, in the given order.
 * Output only goes through the yaml Document model, so flow content is always quoted correctly.
 */
export function policiesToYaml(policies: readonly SuggestedPolicy[], options: ToYamlOptions = {}): string {
  return policies.map((p) => policyDocument(p, options).toString(YAML_OUTPUT_OPTIONS)).join('');
}

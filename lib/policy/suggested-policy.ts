import type { FindingSubject } from '../findings/finding';
import type { CiliumNetworkPolicy } from './cnp-types';
import type { Problem } from '../findings/problems';
import type { BuildRulesOptions } from './build-rules';
import type { RuleEvidence } from './evidence';

/** A suggested CiliumNetworkPolicy for one workload, with the evidence behind each rule. */
export interface SuggestedPolicy {
  /** `<namespace>/<name>`: stable across runs. */
  id: string;
  subject: FindingSubject;
  policy: CiliumNetworkPolicy;
  /** Evidence per rule, index-aligned with `policy.spec.ingress` / `policy.spec.egress`. */
  evidence: { ingress: RuleEvidence[]; egress: RuleEvidence[] };
  /** Every finding the policy covers, sorted. */
  findingIds: string[];
}

/** An existing policy file (uploaded, read from Git or the Kubernetes API) in its original text. */
export interface ExistingPolicySource {
  /** File path or another label shown to the user; also the key of the patched file. */
  name: string;
  text: string;
}

/** An existing file with suggested rules merged in. */
export interface PatchedFile {
  source: string;
  oldText: string;
  newText: string;
  /** Unified diff of `oldText` → `newText`. */
  diff: string;
  /** The policies that received rules, and from which suggestion. */
  merged: { policyName: string; namespace: string; suggestionId: string; addedRules: number; addedPorts: number; coveredRules: number }[];
}

/** Options of `synthesizePolicies`. */
export interface SynthesizeOptions extends BuildRulesOptions {
  /** Suffix of new policy names (`blog-lockstep`). Default: `lockstep`. */
  nameSuffix?: string;
  /** The user's policy files: rules for a workload one of them already selects are merged into it. Default: none. */
  existingPolicies?: readonly ExistingPolicySource[];
  /** Namespace assumed for existing documents without `metadata.namespace`. Default: none (not merge targets). */
  defaultNamespace?: string;
  /** Evidence comments on rules added to existing files. Default: true. */
  evidenceComments?: boolean;
}

/** New policies, patched existing files, and problems. */
export interface SynthesisResult {
  /** New policies (subjects no existing policy selects narrowly), sorted by namespace and name. */
  policies: SuggestedPolicy[];
  /** Existing files with rules merged in, in the order given. */
  files: PatchedFile[];
  problems: Problem[];
}

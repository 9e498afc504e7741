import type { FindingSubject } from '../findings/model';
import type { CiliumNetworkPolicy } from './cnp-types';
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

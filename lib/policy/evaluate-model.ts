import type { CiliumPolicyKind } from './cnp-types';

/** The policy a verdict names. `namespace` is empty for a CiliumClusterwideNetworkPolicy. */
export interface PolicyRef {
  name: string;
  namespace: string;
  kind: CiliumPolicyKind;
}

/**
 * Why the evaluator decided as it did:
 * - `no-policy-selects`: no selecting rule puts the subject in default-deny for this direction (or the subject is
 *   not a pod), and no deny rule matched: allowed;
 * - `allowed-by`: an allow rule matched (`policy`, `ruleIndex`, `rulePath`);
 * - `denied-by`: a deny rule (`ingressDeny`/`egressDeny`) matched; deny wins over every allow;
 * - `default-deny`: the subject is default-deny in this direction and no allow rule matched (`policy` names the
 *   first policy that switched default-deny on);
 * - `reply`: a reply (`is_reply`), allowed by connection tracking without policy lookup;
 * - `allow-localhost`: ingress from the local host (`reserved:host`) to a pod, allowed whatever the allow rules
 *   say because cilium-config's `allow-localhost` is `auto`/`always` (rule 28); deny rules still win.
 */
export type VerdictReason = 'no-policy-selects' | 'allowed-by' | 'denied-by' | 'default-deny' | 'reply' | 'allow-localhost';

/** Caveats attached to a verdict. `l7-rules`: the matching allow carries L7 rules, evaluated at L3/L4 only. */
export type EvaluationNote = 'l7-rules';

/**
 * The evaluator's answer for one flow. Verdicts are shared between flows with the same outcome (one object per
 * rule and direction) and frozen: copy before changing one.
 */
export interface FlowVerdict {
  readonly allowed: boolean;
  readonly reason: VerdictReason;
  /** The direction that decided: the flow's own, or for a flow without direction the one that denied. */
  readonly direction: 'INGRESS' | 'EGRESS';
  readonly policy?: PolicyRef;
  /** Index of the matching rule within its section (`ingress`, `egressDeny`, ...). */
  readonly ruleIndex?: number;
  /** Path of the matching rule in the policy object, e.g. `spec/ingress[0]` or `specs[1]/egressDeny[2]`. */
  readonly rulePath?: string;
  readonly notes?: readonly EvaluationNote[];
}

/** Rule sections of a policy spec. */
export type RuleSection = 'ingress' | 'ingressDeny' | 'egress' | 'egressDeny';

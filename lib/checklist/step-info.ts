import type { StepNumber, StepScope } from './checklist';

/** Title and scope of each step (rollout.md): 1, 3, 7 and 8 are cluster-wide facts; 2, 4, 5 and 6 per namespace. */
export const STEP_INFO: Readonly<Record<StepNumber, { title: string; scope: StepScope }>> = Object.freeze({
  1: { title: 'Enable Hubble and stream flows from the relay', scope: 'cluster' },
  2: { title: 'Pick one low-stakes namespace', scope: 'namespace' },
  3: { title: 'Turn on policyAuditMode: true', scope: 'cluster' },
  4: { title: 'Ship all policies via GitOps in one batch', scope: 'namespace' },
  5: { title: 'Use the apps normally for a day or two', scope: 'namespace' },
  6: { title: 'Tail AUDIT verdicts and fix every hole', scope: 'namespace' },
  7: { title: 'Set policyAuditMode: false', scope: 'cluster' },
  8: { title: 'Cluster-wide default-deny CCNP with DNS in the same resource', scope: 'cluster' },
});

/** True for a step number 1..8. */
export function isStepNumber(value: unknown): value is StepNumber {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 8;
}

/**
 * Triage of findings: risk signals read from flow records (never payloads), each with a reason in plain words and
 * the evidence behind it, and a severity from their combination. High-severity findings are held for review:
 * left out of the suggested patch until a reviewer accepts them.
 */

/** Every signal code. */
export type TriageSignalCode =
  | 'unowned-workload'
  | 'no-stable-label'
  | 'nameless-address'
  | 'unusual-port'
  | 'periodic-timing'
  | 'new-behaviour'
  | 'dropped-elsewhere';

/** How much a finding looks like something that should not happen. */
export type TriageSeverity = 'low' | 'medium' | 'high';

/** One risk signal. */
export interface TriageSignal {
  code: TriageSignalCode;
  /** Weight in the severity score: 1 weak, 2 strong, 3 decisive on its own. */
  weight: 1 | 2 | 3;
  /** One sentence for a reviewer. Built from validated values only (names, numbers), never raw flow text. */
  reason: string;
  /** The measured values behind the reason. */
  evidence: Record<string, string | number>;
}

/** A finding's triage. */
export interface Triage {
  severity: TriageSeverity;
  /** Sum of the signal weights. */
  score: number;
  signals: TriageSignal[];
}

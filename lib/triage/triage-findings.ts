import type { Finding } from '../findings/finding';
import type { Triage, TriageSeverity, TriageSignal } from './triage';
import type { Flow } from '../flow/flow';
import { buildTriageContext, type TriageContext } from './triage-context';
import { droppedElsewhere } from './signals/dropped-elsewhere';
import { namelessAddress } from './signals/nameless-address';
import { newBehaviour } from './signals/new-behaviour';
import { noStableLabel } from './signals/no-stable-label';
import { periodicTiming } from './signals/periodic-timing';
import { unownedWorkload } from './signals/unowned-workload';
import { unusualPort } from './signals/unusual-port';

type Signal = (finding: Finding, ctx: TriageContext) => TriageSignal | undefined;

/** Every signal, in the order reasons are listed. */
const SIGNALS: Signal[] = [unownedWorkload, droppedElsewhere, periodicTiming, noStableLabel, namelessAddress, unusualPort, newBehaviour];

/** Score at or above which a finding is high (held for review). */
export const HIGH_SCORE = 3;

/**
 * Severity from the signal weights, simple enough to explain: nothing is low; one weak or one strong signal is
 * medium (kept in the patch, reasons shown); an unowned workload, or weak and strong signals adding up to 3 (a
 * nameless address with a beacon cadence, a new pair on an unusual port to a nameless address), is high.
 */
export function severityOf(score: number): TriageSeverity {
  return score >= HIGH_SCORE ? 'high' : score > 0 ? 'medium' : 'low';
}

/** The triage of one finding. */
export function triageFinding(finding: Finding, ctx: TriageContext): Triage {
  const signals = SIGNALS.map((signal) => signal(finding, ctx)).filter((s): s is TriageSignal => !!s);
  const score = signals.reduce((sum, s) => sum + s.weight, 0);
  return { severity: severityOf(score), score, signals };
}

/** Options of {@link triageFindings}. */
export interface TriageFindingsOptions {
  /** When observation started, if known better than the earliest time seen. */
  observedFrom?: number;
}

/**
 * The triage of every finding, by finding id. `findings` should be all findings known (every namespace): the
 * context (ports served, workload activity) is read from them and from `flows` (any verdicts, DNS answers too).
 */
export function triageFindings(findings: readonly Finding[], flows: Iterable<Flow>, options: TriageFindingsOptions = {}): Map<string, Triage> {
  return triageWith(findings, buildTriageContext(findings, flows, options));
}

/** The triage of every finding with a context built beforehand (e.g. by a streaming `TriageObserver`). */
export function triageWith(findings: readonly Finding[], ctx: TriageContext): Map<string, Triage> {
  return new Map(findings.map((f) => [f.id, triageFinding(f, ctx)]));
}

/** Held for review: high severity and not accepted by a reviewer. */
export function isHeld(triage: Triage | undefined, accepted: boolean): boolean {
  return triage?.severity === 'high' && !accepted;
}

import 'server-only';
import type { Flow } from '@/lib/flow/flow';
import { FindingSet, type FindingSetState } from '@/lib/findings/finding-set';
import { FlowReducer, type FlowReducerState } from '@/lib/policy/reduce-flows';
import { TriageObserver, type TriageObserverState } from '@/lib/triage/triage-context';

const FINDINGS_BATCH = 64;

/** What a {@link CaptureReduction} hands from a worker thread to the main thread: small (findings, keys), not flows. */
export interface CaptureReductionState {
  findings: FindingSetState;
  keys: FlowReducerState;
  triage: TriageObserverState;
}

/**
 * Findings and verdict keys of the capture, fed in batches (bounded memory: findings and keys, not flows).
 * Batches are small so that flows die young: a batch of 4096 flows (about 6 MB) outlived V8's young generation,
 * and promoting and collecting it cost about a tenth of the command's CPU time.
 */
export class CaptureReduction {
  readonly findings = new FindingSet();
  readonly keys = new FlowReducer();
  /** What triage needs from the whole capture (replies, DNS answers, drops, activity), bounded. */
  readonly triage = new TriageObserver();
  private batch: Flow[] = [];

  add(flow: Flow): void {
    this.keys.add(flow);
    this.triage.add(flow);
    this.batch.push(flow);
    if (this.batch.length >= FINDINGS_BATCH) this.flush();
  }

  flush(): void {
    this.findings.add(this.batch);
    this.batch = [];
  }

  /** The state for the main thread (this reduction is not used afterwards). */
  state(): CaptureReductionState {
    this.flush();
    return { findings: this.findings.state(), keys: this.keys.state(), triage: this.triage.state() };
  }

  /**
   * Adds the reduction of the flows read right after this one's (see {@link FindingSet.merge}). False when the
   * result could differ from reading them here (then read the capture in one pass).
   */
  merge(later: CaptureReductionState): boolean {
    this.flush();
    if (!this.findings.merge(later.findings)) return false;
    this.keys.merge(later.keys);
    return this.triage.merge(later.triage);
  }
}

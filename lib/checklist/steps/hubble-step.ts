import { plural } from '../format';
import { hubbleHelmValues } from '../helm-values';
import type { ChecklistStep, StepState } from '../checklist';
import { evidence, makeStep, type StepContext } from '../step-context';
import { checklistWarning } from '../warnings';

/**
 * Step 1, measured from the relay status (cluster):
 * - blocked: the relay is down (several failed attempts, or a configuration error);
 * - done: the stream is connected and flows arrived;
 * - in-progress: otherwise (connecting, reconnecting, connected without flows yet).
 * Never confirmed by hand: Lockstep always knows whether it receives flows.
 */
export function hubbleStep(ctx: StepContext): ChecklistStep {
  const r = ctx.input.relay;
  const state: StepState = r.state === 'down' ? 'blocked' : r.state === 'connected' && r.flowsReceived > 0 ? 'done' : 'in-progress';
  const nodes = r.connectedNodes === undefined ? 'not reported yet' : `${r.connectedNodes} connected, ${r.unavailableNodes ?? 0} unavailable`;
  const warnings = r.state === 'down' || r.state === 'reconnecting' ? [checklistWarning('relay.not-streaming', { state: r.state, error: r.lastError }, 1)] : [];
  return makeStep(1, {
    state,
    evidence: [
      evidence('Hubble Relay', `${r.demo ? 'embedded demo relay ' : ''}${r.address}: ${r.state}`, 'measured'),
      evidence('Nodes', nodes, 'measured'),
      evidence('Relay version', r.version || 'not reported yet', 'measured'),
      evidence('Flows received', `${plural(r.flowsReceived, 'flow')} (${r.flowsPerSecond}/s now)`, 'measured'),
    ],
    nextAction:
      state === 'done'
        ? { text: 'Flows arrive from the relay. Keep these values in the Cilium Helm values so the next upgrade keeps Hubble on.', copy: hubbleHelmValues(), language: 'yaml' }
        : {
            text: `Enable Hubble, the relay and the UI with these Cilium Helm values, then point Lockstep at the relay (HUBBLE_RELAY_ADDR).${r.lastError ? ` Last error: ${r.lastError}` : ''}`,
            copy: hubbleHelmValues(),
            language: 'yaml',
          },
    confirmable: false,
    warnings,
  });
}


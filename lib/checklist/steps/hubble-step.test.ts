import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checklistInput } from '../../testing/checklist-builders';
import { stepContext } from '../step-context';
import { hubbleStep } from './hubble-step';

const step = (relay: Partial<ReturnType<typeof checklistInput>['relay']>) =>
  hubbleStep(stepContext(checklistInput({ relay: { ...checklistInput().relay, ...relay } })));

describe('step 1: Hubble and the relay', () => {
  it('is done when the relay stream is connected and flows arrived, with measured evidence', () => {
    const s = step({});
    expect(s).toMatchObject({ step: 1, scope: 'cluster', state: 'done', confirmable: false, warnings: [] });
    expect(s.evidence).toContainEqual({ label: 'Hubble Relay', value: '127.0.0.1:4245: connected', source: 'measured' });
    expect(s.evidence).toContainEqual({ label: 'Nodes', value: '3 connected, 0 unavailable', source: 'measured' });
    expect(s.evidence).toContainEqual({ label: 'Flows received', value: '1,200 flows (40/s now)', source: 'measured' });
  });

  it('is in progress while connecting, or connected without a flow yet', () => {
    expect(step({ state: 'connecting' }).state).toBe('in-progress');
    expect(step({ flowsReceived: 0 }).state).toBe('in-progress');
    expect(step({ state: 'connecting' }).warnings).toEqual([]);
  });

  it('is blocked when the relay is down, with a loud warning carrying the error', () => {
    const s = step({ state: 'down', lastError: 'UNAVAILABLE: connection refused' });
    expect(s.state).toBe('blocked');
    expect(s.warnings).toEqual([expect.objectContaining({ code: 'relay.not-streaming', severity: 'error', step: 1 })]);
    expect(s.warnings[0].message).toContain('connection refused');
    expect(s.nextAction.text).toContain('Last error: UNAVAILABLE');
    expect(step({ state: 'reconnecting' }).warnings[0].code).toBe('relay.not-streaming');
  });

  it('hands over the Helm values for Hubble, the relay, the UI and metrics', () => {
    const s = step({});
    expect(s.nextAction.language).toBe('yaml');
    expect(parse(s.nextAction.copy!)).toEqual({
      hubble: {
        enabled: true,
        relay: { enabled: true, rollOutPods: true },
        ui: { enabled: true, rollOutPods: true },
        metrics: { enableOpenMetrics: true, enabled: ['dns:query;answer', 'drop', 'tcp', 'flow', 'icmp', 'httpV2'] },
      },
    });
  });
});

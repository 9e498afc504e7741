import { describe, expect, it } from 'vitest';
import { compilePolicies } from '@/lib/policy/evaluate-compile';
import { evaluateFlow } from '@/lib/policy/evaluate-flow';
import { toFlow } from '../hubble/to-flow';
import { createHomelabGenerator } from './homelab-generator';
import { toWireFlow } from './flow-template';

/**
 * The scenario's connection list says which connections are uncovered; the exported CiliumNetworkPolicies must
 * say the same. Lockstep's own policy evaluator (lib/policy) replays every generated policy verdict against them.
 */
describe('homelab policies agree with the connection list', () => {
  const generator = createHomelabGenerator({ seed: 11, startTimeMs: Date.UTC(2026, 10, 1), rate: 40 });
  // The homelab's pods carry `io.cilium.k8s.policy.cluster=homelab`: the `cluster` entity means that cluster.
  const compiled = compilePolicies(generator.model.scenario.policies, { cluster: { clusterName: generator.model.scenario.clusterName } });
  const verdicts = generator.take(40_000).map(toWireFlow).filter((f) => (f.event_type as { type: number }).type === 5);

  it('allows exactly the FORWARDED / REDIRECTED verdicts and denies the AUDIT / DROPPED ones', () => {
    const disagreements = new Set<string>();
    for (const wire of verdicts) {
      const flow = toFlow(wire);
      const result = evaluateFlow(flow, compiled);
      const expectedAllowed = flow.verdict === 'FORWARDED' || flow.verdict === 'REDIRECTED';
      if (result.allowed !== expectedAllowed) {
        disagreements.add(`${flow.verdict} ${flow.trafficDirection} ${flow.source.podName || flow.source.labels.join('+')} -> ${flow.destination.podName || flow.ip.destination}:${flow.l4 && 'destinationPort' in flow.l4 ? flow.l4.destinationPort : ''} (${result.reason})`);
      }
    }
    expect([...disagreements]).toEqual([]);
    expect(verdicts.length).toBeGreaterThan(1000);
  });
});

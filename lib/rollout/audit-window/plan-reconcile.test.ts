import { describe, expect, it } from 'vitest';
import type { WindowEndpoint } from './audit-window';
import { closeDue, planReconcile, type EndpointTarget } from './plan-reconcile';

const target = (pod: string, endpointId: number, node = 'node-1', agentPod: string | undefined = `cilium-${node}`): EndpointTarget => ({ pod, endpointId, node, agentPod });
const enabled = (t: EndpointTarget): WindowEndpoint => ({ ...t, state: 'enabled', enabledAt: 1 });

describe('planReconcile', () => {
  it('enables every endpoint of a fresh window, sorted by pod', () => {
    const plan = planReconcile([], [target('b', 2), target('a', 1, 'node-2')]);
    expect(plan.enable.map((t) => [t.pod, t.endpointId, t.agentPod])).toEqual([['a', 1, 'cilium-node-2'], ['b', 2, 'cilium-node-1']]);
    expect(plan.keep).toEqual([]);
    expect(plan.dropped).toEqual([]);
  });

  it('keeps enabled endpoints, enables a new pod, re-enables a re-created endpoint and drops vanished pods', () => {
    const current = [enabled(target('a', 1)), enabled(target('b', 2)), enabled(target('gone', 3))];
    const plan = planReconcile(current, [target('a', 1), target('b', 7), target('new', 9)]);
    expect(plan.keep.map((e) => e.pod)).toEqual(['a']);
    expect(plan.enable.map((t) => `${t.pod}:${t.endpointId}`)).toEqual(['b:7', 'new:9']);
    expect(plan.dropped.map((e) => e.pod)).toEqual(['gone']);
  });

  it('re-enables an endpoint whose agent pod was replaced, and retries earlier failures', () => {
    const failed: WindowEndpoint = { ...target('b', 2), state: 'unreachable', reason: 'timeout' };
    const plan = planReconcile([enabled(target('a', 1)), failed], [target('a', 1, 'node-1', 'cilium-new'), target('b', 2)]);
    expect(plan.enable.map((t) => t.pod)).toEqual(['a', 'b']);
  });

  it('re-applies everything after a restart when asked', () => {
    expect(planReconcile([enabled(target('a', 1))], [target('a', 1)], { reapply: true }).enable.map((t) => t.pod)).toEqual(['a']);
  });

  it('reports pods without a node or without an agent as unreachable, with the reason', () => {
    const plan = planReconcile([], [{ pod: 'p', endpointId: 4, node: undefined, agentPod: undefined }, { pod: 'q', endpointId: 5, node: 'node-9', agentPod: undefined }]);
    expect(plan.enable).toEqual([]);
    expect(plan.unreachable.map((e) => [e.pod, e.state, e.reason])).toEqual([
      ['p', 'unreachable', 'the pod is not scheduled on a node'],
      ['q', 'unreachable', 'no Cilium agent pod runs on node-9'],
    ]);
  });
});

describe('closeDue', () => {
  const w = { openedAt: 1_000, closesAt: 5_000, closedAt: undefined };
  it('stays open before its time, expires at it', () => {
    expect(closeDue(w, 4_999)).toBeUndefined();
    expect(closeDue(w, 5_000)).toBe('expired');
  });
  it('closes when step 7 was marked after it opened, not for an older mark', () => {
    expect(closeDue(w, 2_000, 1_500)).toBe('enforce');
    expect(closeDue(w, 2_000, 500)).toBeUndefined();
  });
  it('never closes a closed window again', () => {
    expect(closeDue({ ...w, closedAt: 3_000 }, 9_000, 2_000)).toBeUndefined();
  });
});

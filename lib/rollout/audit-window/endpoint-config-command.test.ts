import { describe, expect, it } from 'vitest';
import { endpointConfigCommand, windowScript } from './endpoint-config-command';

describe('endpointConfigCommand', () => {
  it('is exactly cilium-dbg endpoint config <id> PolicyAuditMode=Enabled|Disabled', () => {
    expect(endpointConfigCommand(1234, true)).toEqual(['cilium-dbg', 'endpoint', 'config', '1234', 'PolicyAuditMode=Enabled']);
    expect(endpointConfigCommand(7, false)).toEqual(['cilium-dbg', 'endpoint', 'config', '7', 'PolicyAuditMode=Disabled']);
  });
});

describe('windowScript', () => {
  const endpoints = [
    { pod: 'prometheus-0', endpointId: 812, node: 'node-1', agentPod: 'cilium-x7k2p' },
    { pod: 'grafana-5d9c-abcde', endpointId: 44, node: 'node-2', agentPod: undefined },
  ];

  it('prints one exact kubectl exec line per endpoint, in the agent pod of its node', () => {
    const script = windowScript({ namespace: 'monitoring', enabled: true, endpoints });
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script).toContain('set -eu');
    expect(script).toContain('kubectl -n kube-system exec cilium-x7k2p -c cilium-agent -- cilium-dbg endpoint config 812 PolicyAuditMode=Enabled   # monitoring/prometheus-0 on node-1');
    expect(script).toContain('# grafana-5d9c-abcde (endpoint 44): no Cilium agent found on node-2');
  });

  it('reverts with Disabled, in the Cilium namespace given', () => {
    const script = windowScript({ namespace: 'monitoring', ciliumNamespace: 'cilium', enabled: false, endpoints });
    expect(script).toContain('kubectl -n cilium exec cilium-x7k2p -c cilium-agent -- cilium-dbg endpoint config 812 PolicyAuditMode=Disabled');
    expect(script).not.toContain('Enabled');
  });

  it('finds the endpoints itself when Lockstep could not list them', () => {
    const script = windowScript({ namespace: 'blog', enabled: true });
    expect(script).toContain('kubectl -n blog get ciliumendpoints');
    expect(script).toContain('--field-selector spec.nodeName="$node"');
    expect(script).toContain('cilium-dbg endpoint config "$id" PolicyAuditMode=Enabled');
  });

  it('never puts a name that is not a Kubernetes name into a command', () => {
    const evil = windowScript({ namespace: 'blog', enabled: true, endpoints: [{ pod: 'x', endpointId: 1, node: 'n', agentPod: 'a; rm -rf /' }] });
    expect(evil).not.toContain('rm -rf');
    expect(windowScript({ namespace: 'Blog$(id)', enabled: true })).toContain('exit 1');
  });
});

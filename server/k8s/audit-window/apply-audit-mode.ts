import 'server-only';
import { endpointConfigCommand } from '@/lib/rollout/audit-window/endpoint-config-command';
import type { WindowEndpoint } from '@/lib/rollout/audit-window/audit-window';
import type { EndpointTarget } from '@/lib/rollout/audit-window/plan-reconcile';
import type { WindowCluster } from './window-cluster';

/** Agents are exec'd a few at a time: a namespace of 200 pods must not open 200 WebSockets at once. */
const PARALLEL = 4;

/** The outcome of applying PolicyAuditMode to some endpoints. */
export interface ApplyResult {
  endpoints: WindowEndpoint[];
  /** Every failure was a 403: the permission is missing. */
  forbidden: boolean;
}

/**
 * Runs `cilium-dbg endpoint config <id> PolicyAuditMode=Enabled|Disabled` for each endpoint in the agent pod of its
 * node. Each endpoint comes back `enabled`/`disabled`, or `unreachable` with the reason. Never throws.
 */
export async function applyAuditMode(cluster: WindowCluster, targets: readonly EndpointTarget[], enabled: boolean, now: () => number): Promise<ApplyResult> {
  const out: WindowEndpoint[] = new Array(targets.length);
  let failures = 0;
  let forbidden = 0;
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      const t = targets[i];
      if (!t.agentPod) {
        out[i] = { ...t, state: 'unreachable', reason: t.node ? `no Cilium agent pod runs on ${t.node}` : 'the pod is not scheduled on a node' };
        failures++;
        continue;
      }
      const result = await cluster.exec(t.agentPod, endpointConfigCommand(t.endpointId, enabled));
      if (result.ok) out[i] = { ...t, state: enabled ? 'enabled' : 'disabled', ...(enabled && { enabledAt: now() }) };
      else {
        failures++;
        if (result.forbidden) forbidden++;
        out[i] = { ...t, state: 'unreachable', reason: result.reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, targets.length) }, worker));
  return { endpoints: out, forbidden: failures > 0 && forbidden === failures };
}

import 'server-only';
import type { KubeConfig } from '@kubernetes/client-node';
import type { FlowGenerator } from './homelab-generator';
import { safeSuffix } from './scenario-model';
import { startDemoKubeApi, type DemoKubeState, type ExecCall, type ExecAnswer } from './demo-kube-api';

/**
 * The demo relay's cluster as a Kubernetes API (issue #15), so that audit windows can be tried on a laptop: the
 * homelab's pods (with their nodes), their CiliumEndpoints, one `k8s-app=cilium` agent pod per node, and an exec
 * that understands `cilium-dbg endpoint config <id> PolicyAuditMode=Enabled|Disabled`: it switches that endpoint's
 * verdicts in the generator (AUDIT instead of DROPPED, or back) for the connections that start afterwards. The
 * checklist reads it as it would a cluster: its namespaces, pods, CiliumNetworkPolicies (the scenario's), no CCNP
 * yet, and a cilium-config with `policy-audit-mode: "false"` (the homelab audits per endpoint, through windows).
 */

export const DEMO_CILIUM_NAMESPACE = 'kube-system';

/** A running demo cluster API. */
export interface DemoCluster {
  kubeConfig: KubeConfig;
  url: string;
  stop(): Promise<void>;
}

/** The agent pod name of a demo node (a DaemonSet-style suffix). */
export function demoAgentPod(node: string): string {
  return `cilium-${safeSuffix(`kube-system/cilium@${node}`, 5)}`;
}

/** Starts the demo cluster API for `generator`'s scenario on loopback. */
export async function startDemoCluster(generator: FlowGenerator): Promise<DemoCluster> {
  const model = generator.model;
  const state: DemoKubeState = {
    pods: [
      ...model.nodes.map((n) => ({ namespace: DEMO_CILIUM_NAMESPACE, name: demoAgentPod(n.name), nodeName: n.name, labels: { 'k8s-app': 'cilium' }, hostNetwork: true })),
      ...model.pods.map((p) => ({ namespace: p.namespace, name: p.name, nodeName: p.node.name, labels: { ...p.workload.labels } })),
    ],
    ciliumEndpoints: model.pods.map((p) => ({ namespace: p.namespace, name: p.name, id: p.endpointId })),
    namespaces: model.scenario.namespaces.map((n) => n.name).sort(),
    configMaps: [{ namespace: DEMO_CILIUM_NAMESPACE, name: 'cilium-config', data: { 'cluster-name': model.scenario.clusterName, 'policy-audit-mode': 'false' } }],
    ciliumNetworkPolicies: structuredClone(model.scenario.policies),
    ciliumClusterwideNetworkPolicies: [],
  };
  const nodeOfAgent = new Map(model.nodes.map((n) => [demoAgentPod(n.name), n.name]));
  const exec = (call: ExecCall): ExecAnswer => {
    const node = nodeOfAgent.get(call.pod);
    const [tool, noun, verb, id, option] = call.command;
    const m = /^PolicyAuditMode=(Enabled|Disabled)$/.exec(option ?? '');
    if (!node || call.container !== 'cilium-agent') return { stderr: 'container not found', exitCode: 1 };
    if (tool !== 'cilium-dbg' || noun !== 'endpoint' || verb !== 'config' || !m || call.command.length !== 5) {
      return { stderr: `the demo cluster only runs cilium-dbg endpoint config <id> PolicyAuditMode=Enabled|Disabled`, exitCode: 127 };
    }
    const endpointId = Number(id);
    if (!model.pods.some((p) => p.node.name === node && p.endpointId === endpointId)) return { stderr: `Error: endpoint ${id} not found on ${node}`, exitCode: 1 };
    model.endpointAuditMode.set(`${node}/${endpointId}`, m[1] === 'Enabled');
    return { stdout: `Endpoint ${endpointId} configuration updated successfully\n` };
  };
  const api = await startDemoKubeApi({ state, exec });
  return { kubeConfig: api.kubeConfig(), url: api.url, stop: () => api.close() };
}

import type { WindowEndpoint } from './audit-window';

/** The container of the Cilium agent DaemonSet's pods, where `cilium-dbg` runs. */
export const AGENT_CONTAINER = 'cilium-agent';

/** The label of the Cilium agent pods (`k8s-app=cilium`). */
export const AGENT_SELECTOR = 'k8s-app=cilium';

/**
 * The command that turns PolicyAuditMode on or off for one endpoint, run in the agent pod of the endpoint's node:
 * `cilium-dbg endpoint config <id> PolicyAuditMode=Enabled|Disabled`.
 */
export function endpointConfigCommand(endpointId: number, enabled: boolean): string[] {
  return ['cilium-dbg', 'endpoint', 'config', String(endpointId), `PolicyAuditMode=${enabled ? 'Enabled' : 'Disabled'}`];
}

// Kubernetes object names are DNS subdomains; anything else never reaches a shell line.
const SAFE_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Options of {@link windowScript}. */
export interface WindowScriptOptions {
  namespace: string;
  /** Where the Cilium agents run. Default: kube-system. */
  ciliumNamespace?: string;
  enabled: boolean;
  /**
   * The endpoints when Lockstep could list them: one exact line each. Undefined: a script that finds them itself
   * (CiliumEndpoints of the namespace, each pod's node, the agent pod on that node).
   */
  endpoints?: readonly Pick<WindowEndpoint, 'pod' | 'endpointId' | 'node' | 'agentPod'>[];
}

/**
 * A POSIX shell script a person allowed to exec into the Cilium agents runs to open (or, with `enabled: false`,
 * close) the audit window by hand. Names that are not Kubernetes names are left out with a comment, never quoted
 * into a command.
 */
export function windowScript(options: WindowScriptOptions): string {
  const cilium = options.ciliumNamespace ?? 'kube-system';
  const mode = options.enabled ? 'Enabled' : 'Disabled';
  const what = options.enabled ? 'Opens' : 'Closes';
  const header = [
    '#!/bin/sh',
    `# ${what} the audit window of namespace ${options.namespace}: PolicyAuditMode=${mode} on each of its Cilium endpoints.`,
    `# Needs: kubectl exec into the Cilium agent pods (${AGENT_SELECTOR}) in ${cilium}.`,
    ...(options.enabled ? ['# A replaced pod gets a new endpoint without it: run this again after a rollout.'] : []),
    'set -eu',
  ];
  if (!SAFE_NAME.test(options.namespace) || !SAFE_NAME.test(cilium)) return [...header, '# refused: not a Kubernetes namespace name', 'exit 1', ''].join('\n');
  if (options.endpoints === undefined) return [...header, ...discoveryLoop(options.namespace, cilium, mode), ''].join('\n');
  const lines = options.endpoints.map((e) => {
    if (!Number.isInteger(e.endpointId) || e.endpointId <= 0) return `# ${safe(e.pod)}: no endpoint id`;
    if (!e.agentPod || !SAFE_NAME.test(e.agentPod)) return `# ${safe(e.pod)} (endpoint ${e.endpointId}): no Cilium agent found on ${e.node ? safe(e.node) : 'an unknown node'}`;
    const command = endpointConfigCommand(e.endpointId, options.enabled).join(' ');
    return `kubectl -n ${cilium} exec ${e.agentPod} -c ${AGENT_CONTAINER} -- ${command}   # ${options.namespace}/${safe(e.pod)} on ${e.node ? safe(e.node) : '?'}`;
  });
  return [...header, ...(lines.length ? lines : [`# no endpoints in ${options.namespace}`]), ''].join('\n');
}

function safe(name: string): string {
  return SAFE_NAME.test(name) ? name : '<unprintable name>';
}

function discoveryLoop(namespace: string, cilium: string, mode: string): string[] {
  return [
    `kubectl -n ${namespace} get ciliumendpoints -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.status.id}{"\\n"}{end}' |`,
    'while read -r pod id; do',
    `  node=$(kubectl -n ${namespace} get pod "$pod" -o jsonpath='{.spec.nodeName}')`,
    `  agent=$(kubectl -n ${cilium} get pods -l ${AGENT_SELECTOR} --field-selector spec.nodeName="$node" -o jsonpath='{.items[0].metadata.name}')`,
    `  echo "${namespace}/$pod: endpoint $id on $node via $agent"`,
    `  kubectl -n ${cilium} exec "$agent" -c ${AGENT_CONTAINER} -- cilium-dbg endpoint config "$id" PolicyAuditMode=${mode}`,
    'done',
  ];
}

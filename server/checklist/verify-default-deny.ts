import 'server-only';
import { replayDefaultDeny, type DefaultDenyReplay, type ReviewedFinding } from '@/lib/checklist/default-deny-replay';
import type { Flow } from '@/lib/flow/flow';
import { isCiliumPolicy, type CiliumPolicy } from '@/lib/policy/cnp-types';
import { defaultDenyCcnp } from '@/lib/policy/default-deny-ccnp';
import { detectClusterResolvers } from '@/lib/policy/detect-cluster-resolvers';
import { parseSources } from '@/lib/policy/parse-sources';
import type { ExistingPolicySource } from '@/lib/policy/suggested-policy';
import { AppError } from '../errors';
import type { FlowHub } from '../live/flow-hub';

/** What {@link verifyDefaultDeny} reads: the recorded flows, every namespace's policy files, every finding. */
export interface VerifyDefaultDenyDeps {
  hub: Pick<FlowHub, 'namespaceSummaries' | 'recentFlows'>;
  findings: {
    policyFiles(namespace: string): Promise<ExistingPolicySource[]>;
    /** Every finding (the store's carry their review status). */
    allFindings(): Promise<ReviewedFinding[]>;
  };
}

/**
 * Step 8 verified like the patch: the step-8 CCNP (with the detected DNS resolvers) replayed with today's
 * policies against every namespace's recorded flows: which allowed flows it would drop, per namespace.
 */
export async function verifyDefaultDeny(deps: VerifyDefaultDenyDeps): Promise<DefaultDenyReplay> {
  const findings = await deps.findings.allFindings();
  const ccnp = defaultDenyCcnp({ resolvers: detectClusterResolvers(findings).resolvers });
  const namespaces = deps.hub.namespaceSummaries().map((s) => s.name);
  const files = (await Promise.all(namespaces.map((ns) => deps.findings.policyFiles(ns)))).flat();
  const policies: CiliumPolicy[] = parseSources(files).parsed.flatMap((p) => p.values.filter(isCiliumPolicy));
  return replayDefaultDeny(uniqueFlows(deps.hub, namespaces), policies, ccnp, findings);
}

/** A flow between two namespaces sits in both namespaces' recent flows: each is replayed once. */
function* uniqueFlows(hub: VerifyDefaultDenyDeps['hub'], namespaces: readonly string[]): Generator<Flow> {
  const seen = new Set<string>();
  for (const ns of namespaces) {
    for (const { flow } of hub.recentFlows(ns).flows) {
      if (seen.has(flow.uuid)) continue;
      seen.add(flow.uuid);
      yield flow;
    }
  }
}

/** Refuses the step-8 export (pull request, YAML, git patch) while the replay finds drops nobody explained. */
export async function assertDefaultDenySafe(deps: VerifyDefaultDenyDeps): Promise<void> {
  const replay = await verifyDefaultDeny(deps);
  if (replay.safe) return;
  const where = replay.namespaces.filter((n) => n.unexplainedFlows > 0).map((n) => `${n.namespace} (${n.unexplainedFlows})`).join(', ');
  throw new AppError(
    'conflict:export',
    `The default deny would drop ${replay.unexplainedFlows} allowed flow${replay.unexplainedFlows === 1 ? '' : 's'} that no review explains, in ${where}. ` +
      'Give those namespaces their own policies first (steps 4 to 7), or review the findings that should stop.',
    { reason: 'default-deny-unsafe', flows: replay.flows, unexplainedFlows: replay.unexplainedFlows },
  );
}

import { describe, expect, it } from 'vitest';
import { flowBetween } from '@/lib/testing/flow-builders';
import type { ClusterFacts } from '@/lib/policy/cluster-facts';
import { toCaptureLine } from '../captures/testing/to-capture-line';
import { FlowHub } from '../live/flow-hub';
import { AnalysisService } from './analysis-service';
import { analyzeCaptureRequest } from './analyze-request';

// POST /api/analyze analyses a capture under the same cluster facts as the live analysis: the AnalysisService's
// (cilium-config when readable, else LOCKSTEP_ALLOW_LOCALHOST / LOCKSTEP_CLUSTER_NAME, else Cilium's defaults).
const capture = (flows = [flowBetween('prod/web', 'prod/api', { port: 8080 })]) =>
  new Request('http://lockstep.test/api/analyze', { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: flows.map(toCaptureLine).join('\n') });
const hostProbe = flowBetween('reserved:host', 'prod/api', { direction: 'INGRESS', port: 8080 });

function service(configured: Partial<ClusterFacts>): AnalysisService {
  // clusterFacts() reads no store: an empty one is enough here.
  return new AnalysisService(new FlowHub({ flowsPerNamespace: 10 }), { store: {} as never, clusterFacts: configured });
}

describe('POST /api/analyze: cluster facts', () => {
  it('uses the server’s configured allow-localhost and cluster name', async () => {
    const result = await analyzeCaptureRequest(capture(), service({ allowLocalhost: 'policy', clusterName: 'prod-eu' }));
    expect(result.cluster).toEqual({ allowLocalhost: 'policy', clusterName: 'prod-eu', allowLocalhostSource: 'user' });
  });

  it('uses cilium-config when the server reads it, as the live analysis does', async () => {
    const analysis = service({ clusterName: 'from-env' });
    analysis.useCiliumConfig(async () => ({ ok: true, value: { allowLocalhost: 'auto', clusterName: 'homelab', allowLocalhostSource: 'cilium-config' } }));
    const result = await analyzeCaptureRequest(capture([flowBetween('prod/web', 'prod/api', { port: 8080 }), hostProbe]), analysis);
    // A value read from cilium-config beats the capture's evidence of host verdicts.
    expect(result.cluster).toEqual({ allowLocalhost: 'auto', clusterName: 'homelab', allowLocalhostSource: 'cilium-config' });
  });

  it('without server facts, Cilium’s defaults, and the capture’s host verdicts prove allow-localhost: policy', async () => {
    expect((await analyzeCaptureRequest(capture(), service({}))).cluster).toEqual({ allowLocalhost: 'always', clusterName: 'default', allowLocalhostSource: 'default' });
    const withProbe = await analyzeCaptureRequest(capture([hostProbe]), service({ clusterName: 'prod-eu' }));
    expect(withProbe.cluster).toEqual({ allowLocalhost: 'policy', clusterName: 'prod-eu', allowLocalhostSource: 'flows' });
  });
});

/**
 * `npm run bench:suggest`: 1,000,000 AUDIT flows to findings and a verified patch (the `lockstep suggest` core):
 * finding extraction, synthesis, YAML, replay before/after and lints, with heap use sampled along the way.
 * Also the same work from jsonpb text (JSON parsing + translation included), on 200,000 lines.
 *
 *   npm run bench:suggest
 */
import type { Flow } from '../lib/flow/model';
import { FindingSet } from '../lib/findings/finding-set';
import { analyzeNamespace } from '../lib/analysis/analyze-namespace';
import { flowBetween } from '../lib/testing/flow-builders';
import { readCapture } from '../server/captures/read-capture';

const TOTAL = 1_000_000;
const NAMESPACES = ['blog', 'webapp', 'argocd', 'shop', 'payments', 'media', 'auth', 'search'];

/** 400 distinct connections (workload pairs × ports × directions), many pods each. */
function templates(): Flow[] {
  const out: Flow[] = [];
  for (const ns of NAMESPACES) {
    for (let w = 0; w < 10; w++) {
      const app = `${ns}-app-${w}`;
      out.push(flowBetween(`traefik/traefik`, `${ns}/${app}`, { direction: 'INGRESS', port: 8000 + w, destination: { labels: { 'app.kubernetes.io/name': app } } }));
      out.push(flowBetween(`${ns}/${app}`, `${ns}/${ns}-db`, { direction: 'EGRESS', port: 5432, source: { labels: { 'app.kubernetes.io/name': app } }, destination: { labels: { app: `${ns}-db` } } }));
      out.push(flowBetween(`monitoring/prometheus`, `${ns}/${app}`, { direction: 'INGRESS', port: 9090, source: { labels: { 'app.kubernetes.io/name': 'prometheus' } }, destination: { labels: { 'app.kubernetes.io/name': app } } }));
      out.push(flowBetween(`${ns}/${app}`, 'reserved:world', { direction: 'EGRESS', port: 443, destinationNames: [`api${w}.example.com`], source: { labels: { 'app.kubernetes.io/name': app } } }));
      out.push(flowBetween('reserved:host', `${ns}/${app}`, { direction: 'INGRESS', port: 8000 + w, destination: { labels: { 'app.kubernetes.io/name': app } } }));
    }
  }
  return out;
}

function variants(n: number): Flow[] {
  const base = templates();
  const flows: Flow[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const t = base[i % base.length];
    flows[i] = { ...t, uuid: `bench-${i}`, time: t.time + i, source: { ...t.source, podName: `${t.source.podName.slice(0, -5)}${String(i % 7).padStart(5, 'x')}` } };
  }
  return flows;
}

function heapMiB(): number {
  return Math.round(process.memoryUsage().heapUsed / 1048576);
}

async function main(): Promise<void> {
  const flows = variants(TOTAL);
  global.gc?.();
  const heapBefore = heapMiB();
  const heapSamples: number[] = [];
  let t = performance.now();
  const set = new FindingSet();
  for (let i = 0; i < flows.length; i += 10_000) {
    set.add(flows.slice(i, i + 10_000));
    if (i % 200_000 === 0) heapSamples.push(heapMiB());
  }
  const findings = set.findings();
  const extractMs = performance.now() - t;
  t = performance.now();
  let policies = 0;
  let patchBytes = 0;
  let afterDropped = 0;
  for (const ns of NAMESPACES) {
    const a = analyzeNamespace({ namespace: ns, findings, flows: [] });
    policies += a.policies.length;
    patchBytes += a.patchYaml.length;
    afterDropped += a.replay.after.flows;
  }
  const analyzeMs = performance.now() - t;
  // The CLI path: jsonpb text → flows → findings.
  const lines = flows.slice(0, 200_000).map((f) => JSON.stringify({ flow: toJsonpb(f), node_name: f.nodeName, time: new Date(f.time).toISOString() })).join('\n');
  t = performance.now();
  const cliSet = new FindingSet();
  let batch: Flow[] = [];
  await readCapture(Buffer.from(lines), { onFlow: (f) => (batch.push(f), batch.length >= 10_000 && (cliSet.add(batch), (batch = []))) });
  cliSet.add(batch);
  cliSet.findings();
  const jsonMs = performance.now() - t;
  console.log(JSON.stringify({
    flows: TOTAL,
    findings: findings.length,
    policies,
    patchKiB: Math.round(patchBytes / 1024),
    wouldDropAfterPatch: afterDropped,
    extractSeconds: +(extractMs / 1000).toFixed(2),
    extractFlowsPerSecond: Math.round(TOTAL / (extractMs / 1000)),
    synthesizeReplayLintSeconds: +(analyzeMs / 1000).toFixed(2),
    totalSeconds: +((extractMs + analyzeMs) / 1000).toFixed(2),
    heapMiB: { before: heapBefore, during: heapSamples, after: heapMiB() },
    jsonpbLinesPerSecond: Math.round(200_000 / (jsonMs / 1000)),
  }, null, 2));
}

/** A Flow back in jsonpb shape (for the JSON-path measurement). */
function toJsonpb(f: Flow): Record<string, unknown> {
  const l4 = f.l4 && f.l4.protocol === 'TCP' ? { TCP: { source_port: f.l4.sourcePort, destination_port: f.l4.destinationPort, flags: { SYN: true } } } : undefined;
  const ep = (e: Flow['source']) => ({ ID: e.id, identity: e.identity, namespace: e.namespace, labels: e.labels, pod_name: e.podName, workloads: e.workloads });
  return {
    time: new Date(f.time).toISOString(), uuid: f.uuid, verdict: f.verdict, IP: { source: f.ip.source, destination: f.ip.destination, ipVersion: 'IPv4' }, l4,
    source: ep(f.source), destination: ep(f.destination), Type: 'L3_L4', node_name: f.nodeName, destination_names: f.destinationNames,
    event_type: { type: f.eventType }, traffic_direction: f.trafficDirection, is_reply: false,
  };
}

void main();

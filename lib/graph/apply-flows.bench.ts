/**
 * Throughput of applyFlows: `npx vitest bench lib/graph --run`. Not part of `vitest run`; no assertions.
 * The mix: 300 workloads × 3 replicas in 10 namespaces, ~2000 edges, each connection seen as an EGRESS and an
 * INGRESS policy verdict, two traces and a reply (5 events), 1 in 20 to a world FQDN. Flows are built up front;
 * hz × BATCH = flows/s.
 */
import { bench, describe } from 'vitest';
import type { Flow } from '../flow/flow';
import { connectionFlows } from '../testing/graph-builders';
import { applyFlows } from './aggregate';
import { createServiceGraph } from './service-graph';
import { createWindowedGraph } from './windowed-graph';

const BATCH = 5000;

function mix(connections: number): Flow[] {
  const flows: Flow[] = [];
  let seed = 42;
  const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
  for (let c = 0; c < connections; c++) {
    const src = rand(300);
    const dst = (src + 1 + rand(6)) % 300;
    const world = rand(20) === 0;
    const to = world ? 'reserved:world' : `ns${dst % 10}/w${dst}`;
    const events = connectionFlows(`ns${src % 10}/w${src}`, to, {
      id: `c${c}`,
      at: c * 20, // 50k connections/s of flow time
      port: world ? 443 : 8000 + (dst % 4),
      egress: rand(10) === 0 ? 'AUDIT' : 'FORWARDED',
      ingress: world ? null : 'FORWARDED',
      traces: 2,
      destinationNames: world ? [`api${rand(50)}.example.com`] : [],
      source: { podName: `w${src}-7d4b9c8f6-${'bcdfg'[rand(3)]}x2x9` },
      destination: world ? undefined : { podName: `w${dst}-7d4b9c8f6-${'bcdfg'[rand(3)]}x2x9` },
    });
    for (const f of events) flows.push({ ...f, uuid: `${f.uuid}-${c}` });
  }
  return flows;
}

const flows = mix(60_000); // 300k flows, a few have no ingress verdict
let offset = 0;
// Each pass over the flows moves them later than the last, so every pass is fresh connections (not merges).
const span = flows[flows.length - 1].time - flows[0].time + 60_000;
const next = () => {
  if (offset >= flows.length) {
    offset = 0;
    for (const f of flows) f.time += span;
  }
  const batch = flows.slice(offset, offset + BATCH);
  offset += BATCH;
  return batch;
};

describe(`applyFlows, ${BATCH} flows per batch (flows/s = hz × ${BATCH})`, () => {
  const plain = createServiceGraph();
  bench('service graph', () => void applyFlows(plain, next()), { time: 3000 });
  const windowed = createWindowedGraph();
  bench('windowed graph', () => void applyFlows(windowed, next()), { time: 3000 });
});

/**
 * Writes a synthetic `hubble observe -o jsonpb` capture of N lines for `bench:suggest`, shaped like an audit
 * window of a homelab-sized cluster: policy verdicts (AUDIT and FORWARDED) of new connections between ~150 pods
 * of 50 workloads, node probes, egress to ~2,000 world addresses with DNS names, plus the trace events and
 * replies a real capture carries (read and skipped by the analysis). Deterministic for a given N.
 *
 *   node --import tsx bench/generate-capture.ts <lines> <file>
 */
import fs from 'node:fs';
import type { Flow } from '../lib/flow/flow';
import { flowBetween } from '../lib/testing/flow-builders';
import { toCaptureLine } from '../server/captures/testing/to-capture-line';
import { seededRandom } from '../lib/testing/seeded-random';

const NAMESPACES = ['blog', 'webapp', 'argocd', 'shop', 'payments', 'media', 'auth', 'search', 'monitoring', 'db'];


/** One flow of the capture; `i` picks the shape, `rand` the details. */
export function captureFlow(i: number, rand: () => number): Flow {
  const ns = NAMESPACES[Math.floor(rand() * NAMESPACES.length)];
  const w = Math.floor(rand() * 5);
  const app = `${ns}-app-${w}`;
  const replica = Math.floor(rand() * 3);
  const pod = (name: string) => ({ labels: { 'app.kubernetes.io/name': name }, podName: `${name}-7d4b9c8f6-${'abc'[replica]}x2x9` });
  const kind = rand();
  const verdict = rand() < 0.6 ? 'AUDIT' : 'FORWARDED';
  const at = i * 3;
  let f: Flow;
  if (kind < 0.3) f = flowBetween(`ingress/traefik`, `${ns}/${app}`, { direction: 'INGRESS', verdict, port: 8000 + w, at, source: pod('traefik'), destination: pod(app) });
  else if (kind < 0.5) f = flowBetween(`${ns}/${app}`, `${ns}/${ns}-db`, { direction: 'EGRESS', verdict, port: 5432, at, source: pod(app), destination: pod(`${ns}-db`) });
  else if (kind < 0.6) f = flowBetween('monitoring/prometheus', `${ns}/${app}`, { direction: 'INGRESS', verdict, port: 9090, at, source: pod('prometheus'), destination: pod(app) });
  else if (kind < 0.75) {
    // Each workload talks to its own four external names, each answering from three addresses.
    const host = (NAMESPACES.indexOf(ns) * 20 + w * 4 + Math.floor(rand() * 4)) % 200;
    const ip = `203.0.${Math.floor(host / 20)}.${(host * 7 + Math.floor(rand() * 3)) % 250}`;
    f = flowBetween(`${ns}/${app}`, 'reserved:world', { direction: 'EGRESS', verdict, port: 443, at, destinationNames: [`api${host}.example.com`], destinationIp: ip, source: pod(app) });
  } else if (kind < 0.8) f = flowBetween('reserved:host', `${ns}/${app}`, { direction: 'INGRESS', verdict: 'FORWARDED', port: 8000 + w, at, destination: pod(app) });
  else f = flowBetween(`${ns}/${app}`, `${ns}/${ns}-db`, { direction: 'EGRESS', verdict: 'FORWARDED', eventType: 4, isReply: rand() < 0.5, port: 5432, at, source: pod(app), destination: pod(`${ns}-db`) });
  const l4 = f.l4 && 'sourcePort' in f.l4 ? { ...f.l4, sourcePort: 32768 + Math.floor(rand() * 28000) } : f.l4;
  return { ...f, uuid: `bench-${i}`, l4 } as Flow;
}

/** Writes `lines` lines to `file` (streamed, bounded memory). */
export async function generateCapture(lines: number, file: string): Promise<void> {
  const rand = seededRandom(lines);
  const out = fs.createWriteStream(file);
  let chunk: string[] = [];
  for (let i = 0; i < lines; i++) {
    chunk.push(toCaptureLine(captureFlow(i, rand)));
    if (chunk.length === 5000 || i === lines - 1) {
      if (!out.write(chunk.join('\n') + '\n')) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = [];
    }
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

if (process.argv[1]?.endsWith('generate-capture.ts') && process.argv.length >= 4) {
  void generateCapture(Number(process.argv[2]), process.argv[3]);
}

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Flow } from '@/lib/flow/flow';
import { extractFindings } from '@/lib/findings/extract-findings';
import { readCapture } from '../captures/read-capture';
import { toRelayEvent } from '../hubble/to-flow';
import { createHomelabGenerator } from './homelab-generator';
import { toGetFlowsResponse } from './flow-template';

/**
 * The accounting invariant over generated and replayed captures: per namespace, the AUDIT flows of the findings
 * equal the non-reply AUDIT policy verdicts whose policy subject lives there, counted here independently.
 */

function homelabFlows(count: number, seed = 1): Flow[] {
  const gen = createHomelabGenerator({ seed, startTimeMs: Date.UTC(2026, 10, 1, 0, 0, 0), rate: 40 });
  return gen.take(count).flatMap((f) => {
    const e = toRelayEvent(toGetFlowsResponse(f));
    return e.kind === 'flow' ? [e.flow] : [];
  });
}

function expectedAudit(flows: readonly Flow[]): { verdicts: Record<string, number>; replies: Record<string, number> } {
  const verdicts: Record<string, number> = {};
  const replies: Record<string, number> = {};
  const seen = new Set<string>();
  for (const f of flows) {
    if (f.verdict !== 'AUDIT' || (f.eventType !== 5 && f.eventType !== 0) || seen.has(f.uuid)) continue;
    seen.add(f.uuid);
    const ns = f.trafficDirection === 'INGRESS' ? f.destination.namespace : f.trafficDirection === 'EGRESS' ? f.source.namespace : '';
    if (!ns) continue;
    const into = f.isReply ? replies : verdicts;
    into[ns] = (into[ns] ?? 0) + 1;
  }
  return { verdicts, replies };
}

function expectInvariant(flows: readonly Flow[]): number {
  const { findings, accounting } = extractFindings(flows);
  const expected = expectedAudit(flows);
  const namespaces = new Set([...Object.keys(expected.verdicts), ...Object.keys(expected.replies)]);
  for (const ns of namespaces) {
    const a = accounting.find((x) => x.namespace === ns);
    const inFindings = findings.filter((f) => f.subject.namespace === ns).reduce((n, f) => n + f.auditFlows, 0);
    expect({ ns, verdicts: a?.auditVerdicts, replies: a?.replyVerdicts, inFindings: a?.inFindings, skipped: a?.skipped }).toEqual({
      ns, verdicts: expected.verdicts[ns] ?? 0, replies: expected.replies[ns] ?? 0, inFindings, skipped: {},
    });
    expect(inFindings).toBe(expected.verdicts[ns] ?? 0);
  }
  return Object.values(expected.verdicts).reduce((n, v) => n + v, 0);
}

/** A real capture as if its cluster ran in audit mode: policy verdicts that forwarded or dropped become AUDIT. */
function asAudit(flows: readonly Flow[]): Flow[] {
  return flows.map((f) => (f.eventType === 5 || f.eventType === 0 ? { ...f, verdict: 'AUDIT', dropReason: '' } : f));
}

const CAPTURES = path.join(__dirname, 'testdata');

describe('every AUDIT verdict accounted for (generated and replayed captures)', () => {
  it.each([1, 42])('holds on the generated homelab (seed %i), the bare debug pod included', (seed) => {
    const flows = homelabFlows(15000, seed);
    expect(expectInvariant(flows)).toBeGreaterThan(100);
    const debug = extractFindings(flows).findings.filter((f) => f.peer.kind === 'endpoint' && f.peer.workload === 'debug-netshoot');
    expect(debug.length).toBeGreaterThan(0);
  });

  it.each(fs.readdirSync(CAPTURES).filter((f) => /\.jsonl?$/.test(f)))('holds on the replayed capture %s, as recorded and in audit mode', async (name) => {
    const { flows } = await readCapture(fs.readFileSync(path.join(CAPTURES, name)));
    expect(flows.length).toBeGreaterThan(0);
    expectInvariant(flows);
    expectInvariant(asAudit(flows));
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import type { Flow } from '@/lib/flow/flow';
import { isCiliumPolicy } from '@/lib/policy/cnp-types';
import { compilePolicies } from '@/lib/policy/evaluate-compile';
import { evaluateFlow } from '@/lib/policy/evaluate-flow';
import { flowBetween } from '@/lib/testing/flow-builders';
import { barePod, HOUR, irregularFlows, MINUTE, periodicFlows, withoutController, worldEgress } from '@/lib/testing/triage-builders';
import { toCaptureLine } from '../captures/testing/to-capture-line';
import { runSuggestCommand } from './suggest-command';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-suggest-triage-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A day and a half of a shop namespace in audit mode: ordinary traffic, a mail relay by IP, a beacon, a debug pod. */
function shopCapture() {
  const ordinary = [
    ...irregularFlows('shop/web', 'shop/db', 20 * MINUTE, { count: 110, flow: { direction: 'EGRESS', port: 5432 } }),
    ...irregularFlows('shop/web', 'shop/db', 20 * MINUTE, { count: 110, flow: { direction: 'INGRESS', port: 5432 } }),
    ...irregularFlows('shop/web', 'reserved:world', 30 * MINUTE, { count: 60, flow: worldEgress(443, '140.82.121.6', { destinationNames: ['api.github.com'] }) }),
    ...irregularFlows('shop/mailer', 'reserved:world', 20 * MINUTE, { count: 100, flow: worldEgress(587, '198.51.100.25') }),
  ];
  const beacon = periodicFlows('shop/web', 'reserved:world', 10 * MINUTE, 15, { startMs: 14 * HOUR, count: 30, flow: worldEgress(4444, '203.0.113.66') });
  const debug = withoutController(Array.from({ length: 4 }, (_, i) => flowBetween('shop/debug', 'shop/db', { direction: 'INGRESS', port: 5432, at: 20 * HOUR + i * MINUTE, source: barePod('debug') })));
  return { ordinary, beacon, debug };
}

function write(name: string, flows: Flow[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, flows.map(toCaptureLine).join('\n') + '\n');
  return file;
}

async function suggest(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runSuggestCommand(argv, (t) => (stdout += t), (t) => (stderr += t));
  const policies = parseAllDocuments(stdout).map((d) => d.toJS()).filter(isCiliumPolicy);
  return { code, stdout, stderr, compiled: compilePolicies(policies, { defaultNamespace: 'shop' }) };
}

describe('lockstep suggest: triage', () => {
  const { ordinary, beacon, debug } = shopCapture();
  const file = write('shop.jsonl', [...ordinary, ...beacon, ...debug].sort((a, b) => a.time - b.time));

  it('leaves the held beacon and the debug pod out of the patch, allows every legitimate AUDIT flow, and says why on stderr', async () => {
    const { code, stderr, compiled } = await suggest([file]);
    expect(code).toBe(0);
    const total = ordinary.length + beacon.length + debug.length;
    expect(stderr).toContain(`# shop: AUDIT verdicts ${total} · in findings ${total}`);
    expect(stderr).toMatch(/# shop: 2 finding\(s\) held for review, 34 flows, left out of the patch \(--include-held puts them in\):/);
    expect(stderr).toMatch(/held \w+ shop\/web → 203\.0\.113\.66\/32 on 4444\/TCP \(30 flows\)/);
    expect(stderr).toMatch(/- 30 connections every 10\.\d min with \d+ % jitter: the cadence of a beacon calling home\./);
    expect(stderr).toMatch(/- shop\/debug has no owning controller/);
    expect(stderr).toMatch(/1 finding\(s\) no rule can select \(no stable label\)/);
    // The evaluator decides: no suspicious flow is allowed by the printed patch, every legitimate one is.
    expect(beacon.filter((f) => evaluateFlow(f, compiled).allowed)).toEqual([]);
    expect(debug.filter((f) => evaluateFlow(f, compiled).allowed)).toEqual([]);
    const legit = ordinary.filter((f) => !evaluateFlow(f, compiled).allowed);
    expect(legit.map((f) => `${f.trafficDirection} ${f.source.podName} -> ${f.destination.podName}:${f.l4?.protocol === 'TCP' ? f.l4.destinationPort : ''}`)).toEqual([]);
  });

  it('--include-held puts the beacon into the patch (the debug pod stays out: no rule can select it)', async () => {
    const { stderr, compiled } = await suggest([file, '--include-held']);
    expect(stderr).toContain('put into the patch (--include-held)');
    expect(beacon.every((f) => evaluateFlow(f, compiled).allowed)).toBe(true);
    expect(debug.some((f) => evaluateFlow(f, compiled).allowed)).toBe(false);
  });
});

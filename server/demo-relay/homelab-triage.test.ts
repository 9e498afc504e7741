import { describe, expect, it } from 'vitest';
import type { Flow } from '@/lib/flow/flow';
import { extractFindings } from '@/lib/findings/extract-findings';
import { isHeld, triageFindings } from '@/lib/triage/triage-findings';
import { toRelayEvent } from '../hubble/to-flow';
import { createHomelabGenerator } from './homelab-generator';
import { toGetFlowsResponse } from './flow-template';

/**
 * What the demo shows a reviewer within its first minutes (the relay backfills two minutes, the e2e server runs at
 * 60 flows/s): the beacon held for review with its cadence, the mail relay by IP and the ordinary traffic not held.
 */

const START = Date.UTC(2026, 10, 1, 22, 0, 0);

function homelabFlows(seconds: number, seed: number): Flow[] {
  const gen = createHomelabGenerator({ seed, startTimeMs: START, rate: 60 });
  return gen.takeUntil(START + seconds * 1000).flatMap((f) => {
    const e = toRelayEvent(toGetFlowsResponse(f));
    return e.kind === 'flow' ? [e.flow] : [];
  });
}

describe('the demo homelab under triage', () => {
  it.each([1, 42])('beacons every 10 s (±10 %) from webapp to a bare IP on 28082 (seed %i)', (seed) => {
    const flows = homelabFlows(180, seed);
    const verdicts = flows.filter((f) => f.eventType === 5 && f.verdict === 'AUDIT' && f.ip.destination === '192.0.2.77' && !f.isReply);
    expect(verdicts.map((f) => f.l4?.protocol === 'TCP' && f.l4.destinationPort)).toEqual(verdicts.map(() => 28082));
    // The first beat one period after the start, then 9 to 11 s apart: 16 to 18 beats in three minutes.
    expect(verdicts.length).toBeGreaterThanOrEqual(16);
    expect(verdicts.length).toBeLessThanOrEqual(18);
    const gaps = verdicts.slice(1).map((f, i) => f.time - verdicts[i].time);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(9_000 - 1);
    for (const gap of gaps) expect(gap).toBeLessThanOrEqual(11_000 + 1);
  });

  it('holds the beacon (periodic timing, nameless address, unusual port) and not the mail relay by IP after two minutes', () => {
    const flows = homelabFlows(120, 1);
    const { findings } = extractFindings(flows);
    const triage = triageFindings(findings, flows);
    const toWorld = (ip: string) => findings.find((f) => f.subject.workload === 'webapp' && f.peer.kind === 'cidr' && f.peer.cidr.startsWith(`${ip}/`))!;
    const beacon = toWorld('192.0.2.77');
    const mail = toWorld('192.0.2.25');
    expect(beacon.port).toBe(28082);
    expect(mail.port).toBe(587);
    const beaconTriage = triage.get(beacon.id)!;
    expect(beaconTriage.signals.map((s) => s.code)).toEqual(expect.arrayContaining(['periodic-timing', 'nameless-address', 'unusual-port']));
    expect(isHeld(beaconTriage, false)).toBe(true);
    const mailTriage = triage.get(mail.id)!;
    expect(mailTriage.signals.map((s) => s.code)).not.toContain('periodic-timing');
    expect(mailTriage.severity).not.toBe('high');
    // Holding everything would be as useless as holding nothing: only the beacon and the bare debug pod are held.
    const held = findings.filter((f) => isHeld(triage.get(f.id), false)).map((f) => (f.peer.kind === 'cidr' ? f.peer.cidr : `${f.peer.kind === 'endpoint' ? f.peer.workload : f.peer.kind}>${f.subject.workload}`));
    expect(held.sort()).toEqual(['192.0.2.77/32', 'debug-netshoot>postgres']);
  });
});

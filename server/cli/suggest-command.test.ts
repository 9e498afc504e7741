import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Flow } from '@/lib/flow/flow';
import { flowBetween } from '@/lib/testing/flow-builders';
import { toCaptureLine } from '../captures/testing/to-capture-line';
import { runSuggestCommand } from './suggest-command';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-suggest-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function capture(name: string, flows: Flow[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, flows.map(toCaptureLine).join('\n') + '\n');
  return file;
}

async function suggest(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runSuggestCommand(argv, (t) => (stdout += t), (t) => (stderr += t));
  return { code, stdout, stderr };
}

const API = { 'app.kubernetes.io/name': 'api' };
const web = (n: number) => flowBetween('prod/web', 'prod/api', { direction: 'INGRESS', port: 8080, uuid: `web-${n}`, destination: { labels: API } });
const denyAll = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: deny-all, namespace: prod}
spec: {endpointSelector: {}, ingress: [{}]}
`;

describe('lockstep suggest', () => {
  it('says which allow-localhost value its numbers used, and takes it from --allow-localhost', async () => {
    const file = capture('web.jsonl', [web(1), web(2)]);
    const byDefault = await suggest([file]);
    expect(byDefault.code).toBe(0);
    expect(byDefault.stderr).toContain('# allow-localhost: always (default; not read from the cluster)');
    const policy = await suggest([file, '--allow-localhost', 'policy']);
    expect(policy.stderr).toContain('# allow-localhost: policy (set by the user)');
  });

  it('takes host AUDIT verdicts in the capture as proof of allow-localhost: policy', async () => {
    const probe = flowBetween('reserved:host', 'prod/api', { direction: 'INGRESS', port: 8080, uuid: 'probe-1', destination: { labels: API } });
    const { stderr } = await suggest([capture('probe.jsonl', [web(3), probe])]);
    expect(stderr).toContain('# allow-localhost: policy (AUDIT/DROPPED verdicts from the host were recorded)');
  });

  it('counts host traffic as dropped only under allow-localhost: policy (a FORWARDED probe into a default-deny pod)', async () => {
    const policies = path.join(dir, 'deny-all.yaml');
    fs.writeFileSync(policies, denyAll);
    const probe = flowBetween('reserved:host', 'prod/api', { direction: 'INGRESS', port: 8080, uuid: 'probe-2', verdict: 'FORWARDED', destination: { labels: API } });
    const file = capture('forwarded-probe.jsonl', [web(4), probe]);
    const always = await suggest([file, '--policies', policies]);
    const policy = await suggest([file, '--policies', policies, '--allow-localhost', 'policy']);
    expect(always.stderr).toMatch(/# prod: 1 findings; would be dropped if enforced now: 1 flows before the patch, 0 after/);
    expect(policy.stderr).toMatch(/CNP002/);
    expect(always.stderr).not.toMatch(/CNP002/);
  });

  it('rejects an unknown allow-localhost value with exit code 2', async () => {
    const { code, stderr } = await suggest([capture('x.jsonl', [web(5)]), '--allow-localhost', 'sometimes']);
    expect(code).toBe(2);
    expect(stderr).toContain('--allow-localhost must be auto, always or policy, got "sometimes"');
  });
});

import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { extractFindings } from '../findings/extract-findings';
import type { Finding } from '../findings/finding';
import { flowBetween } from '../testing/flow-builders';
import type { SuggestedPolicy } from './suggested-policy';
import { synthesizePolicies as synthesizeUnchecked } from './synthesize';
import { synthesizeChecked as synthesizePolicies } from './testdata/synthesize-checked';
import { policiesToYaml } from './to-yaml';

const findings = extractFindings([
  flowBetween('prod/web', 'prod/api', { port: 8080, verdict: 'DROPPED' }),
  flowBetween('prod/web', 'reserved:world', { port: 443, destinationIp: '198.51.100.1' }),
]).findings;

describe('policiesToYaml', () => {
  it('writes multi-document YAML, each document opened by ---', () => {
    const two = synthesizePolicies([...findings, ...extractFindings([flowBetween('prod/api', 'prod/db', { port: 5432 })]).findings]).policies;
    const yaml = policiesToYaml(two);
    expect(yaml.match(/^---$/gm)).toHaveLength(2);
    expect(parseAllDocuments(yaml)).toHaveLength(2);
    expect(policiesToYaml([])).toBe('');
  });

  it('puts evidence comments above rules (flows, blocked now, first/last, notes); the toggle removes them', () => {
    const { policies } = synthesizePolicies(findings);
    const yaml = policiesToYaml(policies);
    expect(yaml).toContain('    # lockstep: 1 flow (1 blocked now), first 2026-11-01T10:00Z, last 2026-11-01T10:00Z\n    - toEndpoints:');
    expect(yaml).toContain('    # lockstep: a /32 for a world address without a DNS name: prefer toFQDNs if it has one\n    - toCIDR:');
    expect(policiesToYaml(policies, { evidenceComments: false })).not.toContain('#');
  });

  it('says so above a DNS companion that had to fall back to kube-dns', () => {
    const fqdn = extractFindings([flowBetween('prod/web', 'reserved:world', { port: 443, destinationNames: ['example.com'] })]).findings;
    const yaml = policiesToYaml(synthesizePolicies(fqdn).policies);
    expect(yaml).toContain('# lockstep: no DNS flow captured: conventional kube-dns selector, check your resolver\n    - toEndpoints:');
  });

  it('goes through the Document model: hostile strings stay data, whatever reaches it', () => {
    const [good] = synthesizePolicies(findings).policies;
    const hostile: SuggestedPolicy = structuredClone(good);
    hostile.policy.spec!.endpointSelector = { matchLabels: { app: 'x\n  - evil: true\n#' } };
    hostile.policy.spec!.egress![0] = { toCIDR: ['1.2.3.4/32"\nkind: Secret'] };
    const [doc] = parseAllDocuments(policiesToYaml([hostile]));
    expect(doc.errors).toEqual([]);
    expect(doc.toJS()).toEqual(JSON.parse(JSON.stringify(hostile.policy)));
  });

  it('synthesis refuses findings with invalid values (LSP001), so they never reach the YAML', () => {
    const [base] = findings;
    const hostile: Finding = { ...base, id: 'bad', subject: { ...base.subject, selector: { app: 'x\n- evil: true' } } };
    const result = synthesizeUnchecked([hostile, findings[1]]);
    expect(result.policies.flatMap((p) => p.findingIds)).toEqual([findings[1].id]);
    expect(result.problems).toMatchObject([{ code: 'LSP001', findingIds: ['bad'] }]);
  });
});

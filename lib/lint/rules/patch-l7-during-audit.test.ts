import { describe, expect, it } from 'vitest';
import { lintPolicies } from '../run';
import { loadUpstream } from '../../policy/testdata/upstream/load-upstream';

const L7 = loadUpstream('cilium-examples/minikube/sw_l3_l4_l7_policy.yaml')[0];
const FQDN = loadUpstream('cilium-examples/kubernetes-dns/dns-port.yaml')[0];
const lint = (inputs: Parameters<typeof lintPolicies>[0], auditSince?: number) =>
  lintPolicies(inputs, { auditSince }, { only: ['patch.l7-during-audit'] });

describe('patch.l7-during-audit', () => {
  it('reports HTTP rules in a suggested patch during an audit window', () => {
    expect(lint([{ policy: L7, origin: 'suggested' }], 1)).toEqual([
      expect.objectContaining({ code: 'CNP011', path: 'spec/ingress[0]/toPorts[0]/rules', message: expect.stringContaining('L7 HTTP rules') }),
    ]);
  });

  it('ignores existing policies, no audit window, and the DNS visibility rule matchPattern "*"', () => {
    expect(lint([{ policy: L7, origin: 'existing' }], 1)).toEqual([]);
    expect(lint([{ policy: L7, origin: 'suggested' }])).toEqual([]);
    expect(lint([{ policy: FQDN, origin: 'suggested' }], 1)).toEqual([]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlowHub } from '../live/flow-hub';
import type { OpenedStore } from '../db/create-store';
import { createTestDatabase, testDialects, type TestDatabase } from '../db/testing/test-databases';
import { AnalysisService } from './analysis-service';

const dialects = await testDialects();

const policyFile = (name: string) => ({
  name,
  text: `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: ${name.replace(/\W/g, '-')}\n  namespace: blog\nspec:\n  endpointSelector: {}\n`,
});

describe.each(dialects)('AnalysisService policy files (%s)', (dialect) => {
  let target: TestDatabase;
  let store: OpenedStore;
  const service = (s: OpenedStore, maxPolicyFiles?: number) => new AnalysisService(new FlowHub({ flowsPerNamespace: 10 }), { store: s, maxPolicyFiles });
  beforeEach(async () => {
    target = createTestDatabase(dialect);
    store = await target.open();
  });
  afterEach(() => target.cleanup());

  it('keeps uploaded files across a restart and shows them to every replica, with who changed them in the audit log', async () => {
    await service(store).putPolicyFile('blog', policyFile('apps/blog/cilium-policies.yaml'), 'alice');
    const replica = service(await target.open());
    expect(await replica.policyFiles('blog')).toEqual([policyFile('apps/blog/cilium-policies.yaml')]);
    expect(await replica.policyFiles('webapp')).toEqual([]);
    const edited = { ...policyFile('apps/blog/cilium-policies.yaml'), text: '# edited\n' };
    await replica.putPolicyFile('blog', edited, 'bob');
    const restarted = service(await target.open());
    expect(await restarted.policyFiles('blog')).toEqual([edited]);
    expect(await restarted.removePolicyFile('blog', edited.name, 'carol')).toBe(true);
    expect(await restarted.removePolicyFile('blog', edited.name, 'carol')).toBe(false);
    expect(await service(store).policyFiles('blog')).toEqual([]);
    const log = await store.reviews.auditLog({ namespace: 'blog' });
    expect(log.map((e) => [e.actor, e.action, e.toStatus, e.comment])).toEqual([
      ['carol', 'policy-file', 'removed', edited.name],
      ['bob', 'policy-file', 'changed', edited.name],
      ['alice', 'policy-file', 'added', edited.name],
    ]);
  });

  it('limits the files per namespace, and a demo seed never overwrites the user edit', async () => {
    const analysis = service(store, 2);
    await analysis.putPolicyFile('blog', policyFile('a.yaml'), 'alice');
    await analysis.putPolicyFile('blog', policyFile('b.yaml'), 'alice');
    await analysis.putPolicyFile('blog', { name: 'b.yaml', text: '# replaced\n' }, 'alice');
    await expect(analysis.putPolicyFile('blog', policyFile('c.yaml'), 'alice')).rejects.toMatchObject({ code: 'too_large:namespace' });
    await analysis.seedPolicyFiles([{ name: 'apps/blog/b.yaml', text: '# demo\n' }, { name: 'apps/webapp/w.yaml', text: '# demo\n' }]);
    expect((await analysis.policyFiles('blog')).map((f) => [f.name, f.text])).toEqual([['a.yaml', policyFile('a.yaml').text], ['apps/blog/b.yaml', '# demo\n'], ['b.yaml', '# replaced\n']]);
    await analysis.putPolicyFile('webapp', { name: 'apps/webapp/w.yaml', text: '# mine\n' }, 'alice');
    await analysis.seedPolicyFiles([{ name: 'apps/webapp/w.yaml', text: '# demo\n' }]);
    expect(await analysis.policyFiles('webapp')).toEqual([{ name: 'apps/webapp/w.yaml', text: '# mine\n' }]);
  });

  it('item 11: bounds policy files across namespaces, not only per namespace', async () => {
    const MiB = 1024 * 1024;
    const analysis = new AnalysisService(new FlowHub({ flowsPerNamespace: 10 }), { store, maxTotalPolicyBytes: 4 * MiB, maxTotalPolicyFiles: 20 });
    const big = 'a'.repeat(MiB - 100);
    let accepted = 0;
    let refusal: Error | undefined;
    for (let i = 0; i < 100 && !refusal; i++) {
      try {
        await analysis.putPolicyFile(`ns-${i}`, { name: 'policy.yaml', text: big }, 'mallory');
        accepted += 1;
      } catch (e) {
        refusal = e as Error;
      }
    }
    expect(accepted).toBe(4);
    expect(refusal?.message).toMatch(/across all namespaces/);
    // Replacing a file does not count it twice; removing one makes room.
    await analysis.putPolicyFile('ns-0', { name: 'policy.yaml', text: big }, 'mallory');
    expect(await analysis.removePolicyFile('ns-1', 'policy.yaml', 'mallory')).toBe(true);
    await analysis.putPolicyFile('ns-new', { name: 'policy.yaml', text: big }, 'mallory');
  });

  it('item 11: counts files across namespaces too', async () => {
    const analysis = new AnalysisService(new FlowHub({ flowsPerNamespace: 10 }), { store, maxTotalPolicyFiles: 5 });
    for (let i = 0; i < 5; i++) await analysis.putPolicyFile(`ns-${i}`, { name: 'p.yaml', text: 'kind: CiliumNetworkPolicy' }, 'mallory');
    await expect(analysis.putPolicyFile('one-more', { name: 'p.yaml', text: 'x' }, 'mallory')).rejects.toThrow(/5 files/);
  });
});

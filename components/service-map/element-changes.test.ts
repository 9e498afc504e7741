import type { ElementDefinition } from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { elementChanges } from './element-changes';

const card = (id: string, classes = 'kind-workload'): ElementDefinition => ({ group: 'nodes', data: { id, label: id }, classes });
const line = (source: string, target: string, classes = 'v-forwarded', label = '8080/TCP'): ElementDefinition => ({ group: 'edges', data: { id: `${source}->${target}`, source, target, label }, classes });
const applied = (elements: ElementDefinition[]) => new Map(elements.map((e) => [e.data.id as string, e]));
const ids = (elements: ElementDefinition[]) => elements.map((e) => e.data.id);

describe('elementChanges', () => {
  const before = [card('web'), card('api'), line('web', 'api')];

  it('touches nothing when a new second of counts yields the same elements as fresh objects', () => {
    const again = [card('web'), card('api'), line('web', 'api')];
    expect(elementChanges(applied(before), again)).toEqual({ added: [], removed: [], dataChanged: [], classesChanged: [] });
  });

  it('adds new cards before new edges, whatever the order asked, so an edge never arrives before its end', () => {
    const changes = elementChanges(applied(before), [...before, line('api', 'db'), card('db')]);
    expect(ids(changes.added)).toEqual(['db', 'api->db']);
  });

  it('removes what is no longer wanted (a filter hides a verdict)', () => {
    expect(elementChanges(applied(before), [card('web'), card('api')]).removed).toEqual(['web->api']);
  });

  it('reports a verdict change as a class change only, and a new port as a data change only', () => {
    const audited = elementChanges(applied(before), [card('web'), card('api'), line('web', 'api', 'v-audit')]);
    expect(ids(audited.classesChanged)).toEqual(['web->api']);
    expect(audited.dataChanged).toEqual([]);
    const morePorts = elementChanges(applied(before), [card('web'), card('api'), line('web', 'api', 'v-forwarded', '8080/TCP · 8443/TCP')]);
    expect(ids(morePorts.dataChanged)).toEqual(['web->api']);
    expect(morePorts.classesChanged).toEqual([]);
  });
});

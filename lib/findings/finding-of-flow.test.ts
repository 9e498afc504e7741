import { describe, expect, it } from 'vitest';
import { flowBetween } from '../testing/flow-builders';
import { extractFindings } from './extract-findings';
import { findingOfFlow } from './finding-of-flow';

describe('findingOfFlow', () => {
  const evidence = [
    flowBetween('webapp/webapp', 'webapp/postgres', { port: 5432, direction: 'EGRESS' }),
    flowBetween('webapp/webapp', 'webapp/redis', { port: 6379, direction: 'EGRESS' }),
    flowBetween('traefik/traefik', 'webapp/webapp', { port: 3000, direction: 'INGRESS' }),
    flowBetween('webapp/webapp', 'reserved:world', { port: 443, direction: 'EGRESS', destinationNames: ['api.github.com'] }),
  ];
  const { findings } = extractFindings(evidence, { sampleSize: 1 });

  it('finds the finding whose evidence holds the flow', () => {
    for (const flow of evidence) expect(findingOfFlow(flow, findings)?.samples.map((s) => s.uuid)).toContain(flow.uuid);
  });

  it('finds it by subject, direction, port and peer for a flow that is not a sample', () => {
    const later = flowBetween('webapp/webapp', 'webapp/redis', { port: 6379, direction: 'EGRESS' });
    expect(findingOfFlow(later, findings)).toMatchObject({ direction: 'EGRESS', port: 6379, peer: { kind: 'endpoint', workload: 'redis' } });
    const ingress = flowBetween('traefik/traefik', 'webapp/webapp', { port: 3000, direction: 'INGRESS' });
    expect(findingOfFlow(ingress, findings)).toMatchObject({ direction: 'INGRESS', port: 3000, subject: { workload: 'webapp' } });
    const github = flowBetween('webapp/webapp', 'reserved:world', { port: 443, direction: 'EGRESS', destinationNames: ['API.github.com.'] });
    expect(findingOfFlow(github, findings)).toMatchObject({ peer: { kind: 'fqdn', names: ['api.github.com'] } });
  });

  it('finds nothing for traffic no finding covers', () => {
    expect(findingOfFlow(flowBetween('webapp/webapp', 'webapp/postgres', { port: 5433, direction: 'EGRESS' }), findings)).toBeUndefined();
    expect(findingOfFlow(flowBetween('blog/blog', 'webapp/postgres', { port: 5432, direction: 'EGRESS' }), findings)).toBeUndefined();
    expect(findingOfFlow(flowBetween('webapp/webapp', 'webapp/postgres', { port: 5432, direction: 'TRAFFIC_DIRECTION_UNKNOWN' }), findings)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { fqdnSelectors } from './fqdn-selectors';
import { policyNames } from './policy-name';

describe('fqdnSelectors', () => {
  it('uses matchName per observed name by default', () => {
    expect(fqdnSelectors(['b.example.com', 'a.example.com', 'a.example.com'], false)).toEqual([{ matchName: 'a.example.com' }, { matchName: 'b.example.com' }]);
  });

  it('with patterns: *.parent only for parents shared by several names, never for one-label parents', () => {
    expect(fqdnSelectors(['api.github.com', 'codeload.github.com', 'raw.githubusercontent.com', 'a.com', 'b.com'], true)).toEqual([
      { matchPattern: '*.github.com' },
      { matchName: 'a.com' },
      { matchName: 'b.com' },
      { matchName: 'raw.githubusercontent.com' },
    ]);
  });
});

describe('policyNames', () => {
  it('names policies <workload>-lockstep from selector values, valid and unique per namespace', () => {
    const names = policyNames([{ app: 'blog' }, { 'app.kubernetes.io/name': 'Blog_App' }, { app: 'blog-app' }]);
    expect([...names.values()]).toEqual(['blog-lockstep', expect.stringMatching(/^blog-app-[0-9a-f]{6}-lockstep$/), expect.stringMatching(/^blog-app-[0-9a-f]{6}-lockstep$/)]);
    const long = [...policyNames([{ app: 'x'.repeat(63) }], 'Review Me').values()][0];
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(long.endsWith('-review-me')).toBe(true);
  });
});

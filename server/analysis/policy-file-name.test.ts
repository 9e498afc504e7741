import { describe, expect, it } from 'vitest';
import { parsePolicyFileName } from './policy-file-name';

describe('parsePolicyFileName', () => {
  it('item 8: refuses absolute paths and names not in normal form, naming the normal form', () => {
    expect(() => parsePolicyFileName('/etc/x.yaml')).toThrow(/not absolute/);
    expect(() => parsePolicyFileName('a/./b//c.yaml')).toThrow(/normal form: "a\/b\/c.yaml"/);
    expect(() => parsePolicyFileName('a/../../x.yaml')).toThrow(/inside the repository/);
    expect(() => parsePolicyFileName('a/b/../c.yaml')).toThrow(/inside the repository/);
    expect(() => parsePolicyFileName('a\\b.yaml')).toThrow(/relative path/);
    expect(() => parsePolicyFileName('policy.json')).toThrow(/\.yaml/);
  });

  it('accepts relative repository paths', () => {
    expect(parsePolicyFileName('apps/blog/cnp.yaml')).toBe('apps/blog/cnp.yaml');
    expect(parsePolicyFileName('default-deny.yml')).toBe('default-deny.yml');
  });
});

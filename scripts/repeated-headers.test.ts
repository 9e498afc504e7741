import { describe, expect, it } from 'vitest';
import { repeatedHeaders } from './repeated-headers.mjs';

describe('item 5: repeatedHeaders', () => {
  it('names every header sent more than once, case-insensitively', () => {
    const raw = ['Host', 'x', 'X-Forwarded-Groups', 'viewers', 'x-forwarded-groups', 'adm', 'X-Forwarded-User', 'alice', 'Accept', '*/*'];
    expect(repeatedHeaders(raw)).toBe('x-forwarded-groups');
    expect(repeatedHeaders(['X-Forwarded-User', 'alice', 'x-forwarded-user', 'root', 'Cookie', 'a', 'cookie', 'b'])).toBe('x-forwarded-user,cookie');
    expect(repeatedHeaders(['Host', 'x'])).toBe('');
  });
});

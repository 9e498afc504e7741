import { describe, expect, it } from 'vitest';
import { malformedPath } from './malformed-path.mjs';

describe('item 9: malformedPath', () => {
  it('finds malformed percent-encoding in the path only', () => {
    expect(malformedPath('/api/findings/%E0%A4%A')).toBe(true);
    expect(malformedPath('/api/namespaces/%ZZ/flows')).toBe(true);
    expect(malformedPath('/api/namespaces/%25ZZ/flows')).toBe(false);
    expect(malformedPath('/api/namespaces/blog/flows?q=%ZZ')).toBe(false);
    expect(malformedPath('/namespaces/caf%C3%A9')).toBe(false);
  });
});

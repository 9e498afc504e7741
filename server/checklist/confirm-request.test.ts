import { describe, expect, it } from 'vitest';
import { parseConfirmBody, parseStepNumber } from './confirm-request';

const post = (body: string) => new Request('http://x/api', { method: 'POST', body });

describe('confirmation requests', () => {
  it('accepts steps 1..8 only', () => {
    expect(parseStepNumber('3')).toBe(3);
    for (const bad of ['0', '9', '3.0', '03', 'x', '']) expect(() => parseStepNumber(bad)).toThrow(expect.objectContaining({ code: 'bad_request:checklist' }));
  });

  it('parses {confirmed, note?} and refuses anything else', async () => {
    expect(await parseConfirmBody(post('{"confirmed":true,"note":"done"}'))).toEqual({ confirmed: true, note: 'done' });
    await expect(parseConfirmBody(post('{"confirmed":"yes"}'))).rejects.toMatchObject({ code: 'bad_request:checklist' });
    await expect(parseConfirmBody(post('{"confirmed":true,"actor":"mallory"}'))).rejects.toMatchObject({ code: 'bad_request:checklist' });
    await expect(parseConfirmBody(post('nope'))).rejects.toMatchObject({ code: 'bad_request:checklist' });
    await expect(parseConfirmBody(post(JSON.stringify({ confirmed: true, note: 'x'.repeat(20_000) })))).rejects.toMatchObject({ code: 'too_large:checklist' });
  });
});

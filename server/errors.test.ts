import { describe, expect, it } from 'vitest';
import { AppError, parseNamespace } from './errors';
import { parseFindingId } from './analysis/review-request';

function statusOf(fn: () => unknown): number {
  try {
    fn();
    return 200;
  } catch (e) {
    return e instanceof AppError ? e.status : 500;
  }
}

describe('item 9: malformed percent-encoding in a path', () => {
  it('is a 400, not a URIError', () => {
    expect(statusOf(() => parseNamespace('%ZZ'))).toBe(400);
    expect(statusOf(() => parseFindingId('%E0%A4%A'))).toBe(400);
  });

  it('still decodes a well-formed escape once', () => {
    expect(parseNamespace('blog%2Dprod')).toBe('blog-prod');
  });
});

describe('AppError', () => {
  it('item 13: a 503 carries Retry-After when it says when to retry', () => {
    const response = new AppError('unavailable:stream', 'too many streams', { retryAfterSeconds: 5 }).toResponse();
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
  });
});

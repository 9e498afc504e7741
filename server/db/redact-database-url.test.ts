import { describe, expect, it } from 'vitest';
import { redactDatabaseUrl, scrubSecret } from './redact-database-url';

describe('redactDatabaseUrl', () => {
  it('hides the password and drops query parameters', () => {
    expect(redactDatabaseUrl('postgres://lockstep:s3cr%40t@db.internal:5432/lockstep?sslmode=require&password=x')).toBe('postgres://lockstep:***@db.internal:5432/lockstep');
    expect(redactDatabaseUrl('postgres://postgres@127.0.0.1:5432/test')).toBe('postgres://postgres@127.0.0.1:5432/test');
    expect(redactDatabaseUrl('not a url')).toBe('<unparsable database URL>');
  });

  it('scrubs the URL and its password out of driver messages', () => {
    const url = 'postgres://u:hunter22@h:5432/d';
    expect(scrubSecret(`failed on ${url}: password hunter22 rejected`, url)).toBe('failed on postgres://u:***@h:5432/d: password *** rejected');
  });
});

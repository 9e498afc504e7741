import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { githubError, githubMessage, redact } from './github-errors';
import { rateLimitWaitMs } from './github-client';

const SECRET = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';

describe('the github section of the configuration', () => {
  it('has defaults that leave pull requests off and the offline layout on', () => {
    const parsed = parseConfig({});
    expect(parsed.ok && parsed.config.github).toEqual({
      repository: undefined,
      baseBranch: 'main',
      token: undefined,
      tokenFile: undefined,
      apiUrl: 'https://api.github.com',
      policyPathTemplate: 'apps/{namespace}/cilium-policies.yaml',
      clusterPolicyPath: 'cluster/cilium-default-deny.yaml',
      exportRole: 'reviewer',
    });
  });

  it('reads repository, base, token file, Enterprise URL, template and role', () => {
    const parsed = parseConfig({
      GITHUB_REPOSITORY: 'acme/gitops',
      GITHUB_BASE_BRANCH: 'release/prod',
      GITHUB_TOKEN_FILE: '/var/run/secrets/github/token',
      GITHUB_API_URL: 'https://github.example.com/api/v3/',
      LOCKSTEP_POLICY_PATH_TEMPLATE: 'clusters/home/{namespace}/network.yaml',
      LOCKSTEP_EXPORT_ROLE: 'admin',
    });
    expect(parsed.ok && parsed.config.github).toMatchObject({
      repository: { owner: 'acme', name: 'gitops' },
      baseBranch: 'release/prod',
      tokenFile: '/var/run/secrets/github/token',
      apiUrl: 'https://github.example.com/api/v3',
      policyPathTemplate: 'clusters/home/{namespace}/network.yaml',
      exportRole: 'admin',
    });
  });

  it('lists every problem, and never the token', () => {
    const parsed = parseConfig({
      GITHUB_REPOSITORY: 'not a repo',
      GITHUB_TOKEN: `${SECRET} x`,
      GITHUB_TOKEN_FILE: '/t',
      GITHUB_API_URL: 'ftp://x',
      LOCKSTEP_POLICY_PATH_TEMPLATE: '../{namespace}.yaml',
      LOCKSTEP_CLUSTER_POLICY_PATH: '/abs.yaml',
    });
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'GITHUB_REPOSITORY',
      'GITHUB_TOKEN and GITHUB_TOKEN_FILE are both set',
      'GITHUB_TOKEN',
      'GITHUB_API_URL',
      'LOCKSTEP_POLICY_PATH_TEMPLATE',
      'LOCKSTEP_CLUSTER_POLICY_PATH',
    ]);
    expect(problems.join('\n')).not.toContain(SECRET);
    expect(parseConfig({ GITHUB_REPOSITORY: 'acme/gitops' })).toMatchObject({ ok: false, problems: [expect.stringContaining('neither GITHUB_TOKEN nor GITHUB_TOKEN_FILE')] });
  });
});

describe('GitHub failures in words', () => {
  it('waits per retry-after, x-ratelimit-reset, or a minute; other errors are not rate limits', () => {
    const now = 1_000_000;
    const err = (status: number, headers: Record<string, string>, message = '') => ({ status, message, response: { headers } });
    expect(rateLimitWaitMs(err(429, { 'retry-after': '7' }), now)).toBe(7000);
    expect(rateLimitWaitMs(err(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1010' }), now)).toBe(11_000);
    expect(rateLimitWaitMs(err(403, {}, 'You have exceeded a secondary rate limit'), now)).toBe(60_000);
    expect(rateLimitWaitMs(err(403, { 'x-ratelimit-remaining': '4999' }, 'Resource not accessible by integration'), now)).toBeUndefined();
    expect(rateLimitWaitMs(err(404, {}), now)).toBeUndefined();
  });

  it('redacts tokens from GitHub messages and error texts', () => {
    expect(redact(`token ${SECRET} and github_pat_11ABCDEFG0123456789_abcdefghijklmnop`)).toBe('token [redacted] and [redacted]');
    expect(redact('bearer my-own-secret-value', 'my-own-secret-value')).toBe('bearer [redacted]');
    expect(githubMessage({ status: 422, response: { data: { message: 'Validation Failed', errors: [{ message: `bad ${SECRET}` }] } } })).toBe('Validation Failed: bad [redacted]');
    const error = githubError({ status: 500, message: 'fetch failed', cause: { cause: { code: 'ECONNREFUSED' } } }, { step: 'read-base', repository: 'a/b', apiUrl: 'http://x', token: SECRET });
    expect(error).toMatchObject({ code: 'unavailable:github', message: 'Lockstep could not reach GitHub at http://x to read the base branch (ECONNREFUSED).' });
  });
});

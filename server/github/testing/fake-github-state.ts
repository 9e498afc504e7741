import type { GitObjects } from './git-objects';

/**
 * What the request handlers of the fake GitHub read and change (`FakeGithub` implements it): its own module so
 * that the handlers and the server do not import each other.
 */

/** A response of the fake. */
export interface FakeResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A validated request, as `intercept` and `afterHandle` see it. */
export interface FakeRequest {
  method: string;
  path: string;
  operationId: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

/** A pull request of the fake. */
export interface FakePull {
  number: number;
  state: 'open' | 'closed';
  title: string;
  body: string;
  head: string;
  base: string;
}

/** The fake's repository state, as the handlers see it. */
export interface FakeGithubState {
  readonly git: GitObjects;
  readonly refs: Map<string, string>;
  readonly pulls: FakePull[];
  readonly owner: string;
  readonly repo: string;
  readonly options: { canPush?: boolean; canWritePulls?: boolean; reportPermissions?: boolean };
  readonly fullName: string;
  readonly apiUrl: string;
  readonly webUrl: string;
  now(): number;
  readFile(branch: string, path: string): string | undefined;
  isAncestor(ancestor: string, sha: string): boolean;
}

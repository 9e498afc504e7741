import 'server-only';
import { AppError } from '../errors';

/** A step of an export, named in errors so the user knows how far it got. */
export type GithubStep =
  | 'read-repository'
  | 'read-base'
  | 'read-files'
  | 'write-commit'
  | 'create-branch'
  | 'update-branch'
  | 'find-pull-request'
  | 'open-pull-request'
  | 'update-pull-request'
  | 'delete-branch';

const STEP_TEXT: Record<GithubStep, string> = {
  'read-repository': 'read the repository',
  'read-base': 'read the base branch',
  'read-files': 'read the policy files',
  'write-commit': 'write the commit',
  'create-branch': 'create the branch',
  'update-branch': 'update the branch',
  'find-pull-request': 'look up the pull request',
  'open-pull-request': 'open the pull request',
  'update-pull-request': 'update the pull request',
  'delete-branch': 'delete the branch',
};

const PERMISSIONS =
  'The token needs Contents: read and write, Pull requests: read and write and Metadata: read on the repository (fine-grained token or GitHub App installation), or the `repo` scope (classic token).';

/** Thrown by the rate-limit hook when GitHub asks for a longer wait than Lockstep allows. */
export class GithubRateLimited extends Error {
  constructor(readonly retryAt: number) {
    super('GitHub rate limit');
    this.name = 'GithubRateLimited';
  }
}

/** What an error message may name: the repository and the API; the token only to redact it. */
export interface GithubErrorContext {
  step: GithubStep;
  repository: string;
  apiUrl: string;
  token?: string;
}

type RequestErrorLike = { status?: unknown; message?: unknown; code?: unknown; cause?: unknown; response?: { data?: unknown } };

/** GitHub's own message (and first validation error), cut short and with the token removed. */
export function githubMessage(error: unknown, token?: string): string {
  const e = (error ?? {}) as RequestErrorLike;
  const data = (e.response?.data ?? {}) as { message?: unknown; errors?: unknown };
  const first = Array.isArray(data.errors) ? data.errors[0] : undefined;
  const detail = typeof first === 'string' ? first : typeof (first as { message?: unknown })?.message === 'string' ? (first as { message: string }).message : '';
  const base = typeof data.message === 'string' ? data.message : typeof e.message === 'string' ? e.message.replace(/ - https:\/\/docs\.github\.com\S*$/, '') : String(error);
  return redact([base, detail].filter(Boolean).join(': ').replace(/\s+/g, ' ').trim().slice(0, 300), token);
}

/** Removes the token (and anything that looks like a GitHub token) from a text. */
export function redact(text: string, token?: string): string {
  const out = token && token.length >= 8 ? text.split(token).join('[redacted]') : text;
  return out.replace(/\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g, '[redacted]');
}

function isBranchProtection(status: number, message: string, step: GithubStep): boolean {
  if (step !== 'create-branch' && step !== 'update-branch') return false;
  return status === 422 || (status === 403 && /protect|rule|restrict/i.test(message));
}

/** Converts what a GitHub call threw into an AppError with a message for the user; never quotes the token. */
export function githubError(error: unknown, ctx: GithubErrorContext): AppError {
  if (error instanceof AppError) return error;
  const doing = STEP_TEXT[ctx.step];
  const details = { step: ctx.step, repository: ctx.repository };
  if (error instanceof GithubRateLimited) {
    const at = new Date(error.retryAt).toISOString().slice(11, 16);
    return new AppError('unavailable:github', `GitHub's rate limit stopped Lockstep while it tried to ${doing}; it resets at ${at} UTC. Export again after that.`, { ...details, reason: 'rate-limit', retryAt: error.retryAt });
  }
  const e = (error ?? {}) as RequestErrorLike;
  const status = typeof e.status === 'number' ? e.status : 0;
  const message = githubMessage(error, ctx.token);
  const said = `GitHub answered ${status}: ${message}`;
  if (status === 0 || (status === 500 && !e.response)) {
    // @octokit/request reports a failed fetch (refused, DNS, timeout) as a 500 without a response.
    const inner = e.cause as { name?: string; code?: string; cause?: { code?: string } } | undefined;
    const cause = inner?.cause?.code ?? inner?.code ?? (inner?.name === 'AbortError' || inner?.name === 'TimeoutError' ? 'timed out' : '');
    return new AppError('unavailable:github', `Lockstep could not reach GitHub at ${ctx.apiUrl} to ${doing}${cause ? ` (${cause})` : ''}.`, { ...details, reason: 'unreachable' });
  }
  if (status === 401) {
    return new AppError('unavailable:github', `GitHub rejected Lockstep's token (401 ${message}). Check GITHUB_TOKEN or GITHUB_TOKEN_FILE: the token may be wrong or expired (installation tokens last one hour).`, { ...details, reason: 'bad-credentials' });
  }
  if (status === 422 && ctx.step === 'create-branch' && /already exists/i.test(message)) {
    return new AppError('conflict:github', `The branch already exists in ${ctx.repository}: another export is running. Try again in a moment.`, { ...details, reason: 'exists' });
  }
  if (isBranchProtection(status, message, ctx.step)) {
    return new AppError('forbidden:github', `A branch protection rule or ruleset of ${ctx.repository} does not let Lockstep ${doing} (${said}). Allow the token to push \`lockstep/*\` branches.`, { ...details, reason: 'branch-protection' });
  }
  if (status === 404 && ctx.step === 'read-repository') {
    return new AppError('forbidden:github', `Repository ${ctx.repository} was not found, or the token cannot see it (404). Check GITHUB_REPOSITORY and the token's repository access. ${PERMISSIONS}`, { ...details, reason: 'permission' });
  }
  if (status === 403 || status === 404) {
    return new AppError('forbidden:github', `The token may not ${doing} in ${ctx.repository} (${said}). ${PERMISSIONS}`, { ...details, reason: 'permission' });
  }
  if (status === 409 || status === 422) {
    return new AppError('conflict:github', `GitHub refused to ${doing} in ${ctx.repository} (${said}).`, { ...details, reason: 'refused' });
  }
  return new AppError('unavailable:github', `GitHub failed to ${doing} in ${ctx.repository} (${said}).`, { ...details, reason: 'github-error' });
}

import 'server-only';
import { z } from 'zod';

/**
 * The `github` section of Lockstep's configuration: the environment variables (merged into the env schema of
 * server/config.ts, the only reader of `process.env`) and their parsing. The token is a secret: it stays in this
 * object on the server, is never logged, never sent to the browser, and never put into an error message.
 */

/** Roles that may be required to export (server/auth). */
export type ExportRole = 'viewer' | 'reviewer' | 'admin';

/** The environment variables of the `github` section (zod shape, merged into `EnvSchema`). */
export const GITHUB_ENV = {
  GITHUB_REPOSITORY: z.string().optional(),
  GITHUB_BASE_BRANCH: z.string().optional(),
  // NOTE: a secret. Validated without ever echoing the value.
  GITHUB_TOKEN: z.string().optional(),
  GITHUB_TOKEN_FILE: z.string().optional(),
  GITHUB_API_URL: z.string().optional(),
  LOCKSTEP_POLICY_PATH_TEMPLATE: z.string().optional(),
  LOCKSTEP_CLUSTER_POLICY_PATH: z.string().optional(),
  LOCKSTEP_EXPORT_ROLE: z.enum(['viewer', 'reviewer', 'admin']).optional(),
};

/** Where and how Lockstep exports accepted patches (pull requests, and the offline patch's file layout). */
export interface GithubConfig {
  /** `GITHUB_REPOSITORY` (`owner/name`); undefined: pull requests are off (the offline patch still works). */
  repository: { owner: string; name: string } | undefined;
  /** `GITHUB_BASE_BRANCH`. Default: `main`. */
  baseBranch: string;
  /** `GITHUB_TOKEN`: a GitHub App installation token or a fine-grained personal token. A secret. */
  token: string | undefined;
  /** `GITHUB_TOKEN_FILE`: a mounted file holding the token, read at each export (so a rotated token is picked up). */
  tokenFile: string | undefined;
  /** `GITHUB_API_URL`. Default: `https://api.github.com` (GitHub Enterprise: `https://host/api/v3`). */
  apiUrl: string;
  /** `LOCKSTEP_POLICY_PATH_TEMPLATE`, with `{namespace}`. Default: `apps/{namespace}/cilium-policies.yaml`. */
  policyPathTemplate: string;
  /** `LOCKSTEP_CLUSTER_POLICY_PATH`: where the step-8 CCNP goes when the repository has none. Default: `cluster/cilium-default-deny.yaml`. */
  clusterPolicyPath: string;
  /** `LOCKSTEP_EXPORT_ROLE`: the role needed to open a pull request. Default: `reviewer`. */
  exportRole: ExportRole;
}

type GithubEnv = z.infer<z.ZodObject<typeof GITHUB_ENV>>;

const REPOSITORY_RE = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;
// A git branch name Lockstep accepts: no spaces, `..`, `~^:?*[\`, leading `-` or trailing `.lock`.
const BRANCH_RE = /^(?!-)(?!.*\.\.)(?!.*\.lock$)[A-Za-z0-9._/-]{1,200}$/;

function relativeYamlPath(value: string): boolean {
  return /^[\w.{}/-]{1,300}\.ya?ml$/.test(value) && !value.startsWith('/') && !value.split('/').includes('..');
}

/** Parses the `github` section; problems (never quoting the token) go to `problems`. */
export function parseGithubConfig(e: GithubEnv, problems: string[]): GithubConfig {
  const repo = e.GITHUB_REPOSITORY?.trim() || undefined;
  const match = repo ? REPOSITORY_RE.exec(repo) : null;
  if (repo && !match) problems.push(`GITHUB_REPOSITORY: expected owner/name, got "${repo.slice(0, 120)}"`);
  const baseBranch = e.GITHUB_BASE_BRANCH?.trim() || 'main';
  if (!BRANCH_RE.test(baseBranch)) problems.push(`GITHUB_BASE_BRANCH: "${baseBranch.slice(0, 120)}" is not a branch name`);
  const token = e.GITHUB_TOKEN?.trim() || undefined;
  const tokenFile = e.GITHUB_TOKEN_FILE?.trim() || undefined;
  if (token && tokenFile) problems.push('GITHUB_TOKEN and GITHUB_TOKEN_FILE are both set: keep one');
  if (token && /\s/.test(token)) problems.push('GITHUB_TOKEN: contains whitespace (value not shown)');
  if (repo && !token && !tokenFile) problems.push('GITHUB_REPOSITORY is set but neither GITHUB_TOKEN nor GITHUB_TOKEN_FILE: Lockstep cannot open pull requests without a token');
  const apiUrl = (e.GITHUB_API_URL?.trim() || 'https://api.github.com').replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(apiUrl)) problems.push(`GITHUB_API_URL: expected an http(s) URL, got "${apiUrl.slice(0, 120)}"`);
  const policyPathTemplate = e.LOCKSTEP_POLICY_PATH_TEMPLATE?.trim() || 'apps/{namespace}/cilium-policies.yaml';
  if (!policyPathTemplate.includes('{namespace}') || !relativeYamlPath(policyPathTemplate)) {
    problems.push(`LOCKSTEP_POLICY_PATH_TEMPLATE: expected a relative .yaml path containing {namespace}, got "${policyPathTemplate.slice(0, 120)}"`);
  }
  const clusterPolicyPath = e.LOCKSTEP_CLUSTER_POLICY_PATH?.trim() || 'cluster/cilium-default-deny.yaml';
  if (!relativeYamlPath(clusterPolicyPath) || clusterPolicyPath.includes('{')) problems.push(`LOCKSTEP_CLUSTER_POLICY_PATH: expected a relative .yaml path, got "${clusterPolicyPath.slice(0, 120)}"`);
  return {
    repository: match ? { owner: match[1], name: match[2] } : undefined,
    baseBranch,
    token,
    tokenFile,
    apiUrl,
    policyPathTemplate,
    clusterPolicyPath,
    exportRole: e.LOCKSTEP_EXPORT_ROLE ?? 'reviewer',
  };
}

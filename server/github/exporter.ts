import 'server-only';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { changesToYaml } from '@/lib/export/changes-to-yaml';
import { formatPatch } from '@/lib/export/format-patch';
import { AppError } from '../errors';
import { createGithubClient, type GithubClientOptions } from './github-client';
import type { ExportRole, GithubConfig } from './github-config';
import { GithubRepo } from './github-repo';
import { exportPullRequest } from './export-pr';
import type { ExportRecord, ExportRecords } from '../db/store';
import { memoryExportRecords } from './export-records';
import { defaultDenyTarget, namespaceTarget, nothingAccepted, type ExportSource, type ExportTarget } from './export-targets';
import { BlobCache, localSnapshot, readRepoSnapshot } from './repo-snapshot';

/** What the browser may know about the export configuration: never the token, nor the API URL. */
export interface ExportConfigView {
  github: { configured: boolean; repository?: string; baseBranch?: string; reason?: string };
  /** Role needed to open a pull request. */
  role: ExportRole;
  /** Where new namespace files go (the layout of the offline patch too). */
  pathTemplate: string;
}

/** The answer of a pull request export. */
export interface PullRequestExport {
  url: string;
  number: number;
  branch: string;
  updated: boolean;
  files: string[];
}

/** The offline export: a git patch and plain YAML, planned against the repository (or the uploaded files). */
export interface OfflineExport {
  patch: string;
  yaml: string;
  files: string[];
  /** `repository`: planned on the configured base branch; `local`: on the uploaded policy files. */
  base: 'repository' | 'local';
}

/** Options of {@link GithubExporter}. */
export interface GithubExporterOptions {
  config: GithubConfig;
  source: ExportSource;
  /** Where "exported in #N" is kept. Default: in memory. */
  records?: ExportRecords;
  /** Client knobs (tests: sleep, clock, rate-limit bound). */
  client?: Pick<GithubClientOptions, 'sleep' | 'now' | 'maxRateLimitWaitMs' | 'requestTimeoutMs' | 'onRateLimit'>;
  /** Clock. Default: Date.now. */
  now?: () => number;
}

/** Git's blob id of a text (`git hash-object`), for the patch's `index` lines. */
export function gitBlobId(text: string): string {
  const body = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}

/**
 * Exports of accepted patches and the step-8 policy: as GitHub pull requests (one export per target at a time),
 * and offline as a git patch or YAML. Routes call this; it never returns or logs the token.
 */
export class GithubExporter {
  readonly records: ExportRecords;
  private readonly cache = new BlobCache();
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly now: () => number;

  constructor(private readonly options: GithubExporterOptions) {
    this.records = options.records ?? memoryExportRecords();
    this.now = options.now ?? Date.now;
  }

  /** The configuration as the UI may see it. */
  configView(): ExportConfigView {
    const { config } = this.options;
    const repository = config.repository && `${config.repository.owner}/${config.repository.name}`;
    const configured = Boolean(repository && (config.token || config.tokenFile));
    const reason = configured ? undefined : 'GitHub export is not configured: set GITHUB_REPOSITORY and GITHUB_TOKEN (or GITHUB_TOKEN_FILE) on the server.';
    return { github: { configured, repository, baseBranch: configured ? config.baseBranch : undefined, reason }, role: config.exportRole, pathTemplate: config.policyPathTemplate };
  }

  /** Opens or updates the pull request of a namespace's accepted patch, and records it on the findings. */
  exportNamespace(namespace: string, actor: string): Promise<PullRequestExport> {
    return this.exportTarget(this.namespaceTarget(namespace), actor);
  }

  /** Opens or updates the pull request of the step-8 cluster-wide default-deny. */
  exportDefaultDeny(actor: string): Promise<PullRequestExport> {
    return this.exportTarget(defaultDenyTarget(this.options.source, this.options.config), actor);
  }

  /** A namespace's accepted patch as a git patch and YAML (`conflict:export` while nothing is accepted). */
  async namespaceOffline(namespace: string): Promise<OfflineExport> {
    // Said before the repository is read: with nothing accepted there is nothing to plan, wherever the files are.
    const findings = await this.options.source.findings(namespace);
    if (!findings.some((f) => f.status === 'accepted')) throw nothingAccepted(namespace, findings);
    return this.offline(this.namespaceTarget(namespace), () => this.options.source.policyFiles(namespace));
  }

  /** The step-8 policy as a git patch and YAML. */
  defaultDenyOffline(): Promise<OfflineExport> {
    return this.offline(defaultDenyTarget(this.options.source, this.options.config), async () => []);
  }

  /** Accepted and proposed (not rejected) findings, the newest export of a namespace, and "exported in #N" per finding (the Export panel). */
  async namespaceState(namespace: string): Promise<{ accepted: number; proposed: number; findings: number; lastExport: ExportRecord | undefined; exportedIn: Record<string, { number: number; url: string }> }> {
    const findings = await this.options.source.findings(namespace);
    const exportedIn = Object.fromEntries(await this.records.exportedIn(findings.map((f) => f.id)));
    const accepted = findings.filter((f) => f.status === 'accepted').length;
    const proposed = findings.filter((f) => f.status !== 'rejected').length;
    return { accepted, proposed, findings: findings.length, lastExport: await this.records.latest(`namespace:${namespace}`), exportedIn };
  }

  private namespaceTarget(namespace: string): ExportTarget {
    return namespaceTarget(namespace, this.options.source, { pathTemplate: this.options.config.policyPathTemplate });
  }

  private async exportTarget(target: ExportTarget, actor: string): Promise<PullRequestExport> {
    // One export per target at a time: a double click must not race two branch updates.
    const before = this.running.get(target.key) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(async () => {
      const repo = await this.repo();
      const result = await exportPullRequest(repo, target, { base: this.options.config.baseBranch, cache: this.cache });
      const record = { target: target.key, number: result.number, url: result.url, branch: result.branch, actor, at: this.now() };
      // The pull request exists whatever happens next: a failed record is logged, not reported as a failed export.
      await this.records.recordExport(result.plan.findingIds, record).catch((error: unknown) => {
        console.error(`[lockstep] could not record the export of ${target.key} in #${result.number}:`, error instanceof Error ? error.message : error);
      });
      return { url: result.url, number: result.number, branch: result.branch, updated: result.updated, files: result.plan.changes.map((c) => c.path) };
    });
    this.running.set(target.key, run);
    try {
      return await run;
    } finally {
      if (this.running.get(target.key) === run) this.running.delete(target.key);
    }
  }

  private async offline(target: ExportTarget, localFiles: () => Promise<{ name: string; text: string }[]>): Promise<OfflineExport> {
    const configured = this.configView().github.configured;
    const snapshot = configured
      ? await readRepoSnapshot(await this.repo(), { branch: this.options.config.baseBranch, extraPaths: target.extraPaths, cache: this.cache })
      : localSnapshot(await localFiles());
    const plan = await target.plan(snapshot);
    if (plan.changes.length === 0) throw new AppError('conflict:github', `Nothing to change: the policy files already have ${target.label}.`, { reason: 'up-to-date' });
    return {
      patch: formatPatch(plan.changes, { message: plan.commitMessage, date: this.now(), blobId: gitBlobId }),
      yaml: changesToYaml(plan.changes),
      files: plan.changes.map((c) => c.path),
      base: configured ? 'repository' : 'local',
    };
  }

  private async repo(): Promise<GithubRepo> {
    const { config } = this.options;
    if (!this.configView().github.configured || !config.repository) throw new AppError('unavailable:github', this.configView().github.reason!, { reason: 'not-configured' });
    const token = await this.token();
    const octokit = createGithubClient({ ...this.options.client, apiUrl: config.apiUrl, token });
    return new GithubRepo(octokit, config.repository.owner, config.repository.name, { apiUrl: config.apiUrl, token });
  }

  /** The token: from the environment, or read from the mounted file at each export (rotated tokens work). */
  private async token(): Promise<string> {
    const { token, tokenFile } = this.options.config;
    if (token) return token;
    try {
      const text = (await fs.readFile(tokenFile!, 'utf8')).trim();
      if (!text) throw Object.assign(new Error('empty'), { code: 'empty' });
      return text;
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'unreadable';
      throw new AppError('unavailable:github', `GITHUB_TOKEN_FILE ${tokenFile} cannot be read (${code}).`, { reason: 'token-file' });
    }
  }
}

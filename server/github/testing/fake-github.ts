import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GitObjects } from './git-objects';
import { CONTENT_WRITES, HANDLERS, PULL_WRITES, githubFailure } from './fake-github-handlers';
import { OpenApiValidator, type GithubSpecFlavor } from './openapi-validator';
import type { FakeGithubState, FakePull, FakeRequest, FakeResponse } from './fake-github-state';

export type { FakePull, FakeRequest, FakeResponse } from './fake-github-state';

/**
 * A local HTTP server standing in for GitHub's REST API, for tests and the end-to-end run. Every request is
 * checked against GitHub's OpenAPI description (see openapi-validator.ts): unknown endpoints, missing parameters
 * and invalid bodies are refused AND recorded in `violations`, which tests assert empty. State: refs, git objects
 * (real ids), pull requests; tests read a branch back with `readFile`. Faults are injected with `intercept`.
 */

/** Options of {@link FakeGithub.start}. */
export interface FakeGithubOptions {
  /** Default: `acme/gitops`. */
  owner?: string;
  repo?: string;
  /** The token the fake accepts. Default: `test-token`. */
  token?: string;
  /** Files of `main` at the start. Default: none (one README). */
  files?: Record<string, string>;
  /** Description to validate against. Default: api.github.com. */
  spec?: GithubSpecFlavor;
  /** API prefix: `/api/v3` for GitHub Enterprise Server. Default: none. */
  basePath?: string;
  /** The token may write contents / pull requests. Default: true. */
  canPush?: boolean;
  canWritePulls?: boolean;
  /** `repos/get` reports `permissions` (user tokens do, installation tokens do not). Default: false. */
  reportPermissions?: boolean;
  /** Refs (e.g. `heads/lockstep/...`) a ruleset protects, and how GitHub refuses them. */
  protect?: { pattern: RegExp; status: 403 | 422 };
  /** Port. Default: any free port. */
  port?: number;
}

export class FakeGithub implements FakeGithubState {
  readonly git = new GitObjects();
  readonly refs = new Map<string, string>();
  readonly pulls: FakePull[] = [];
  readonly requests: { method: string; path: string; operationId?: string; status: number }[] = [];
  readonly violations: string[] = [];
  readonly owner: string;
  readonly repo: string;
  /** Return a response to short-circuit a valid request (faults), or undefined to handle it. */
  intercept?: (request: FakeRequest) => FakeResponse | undefined;
  /** Called after a request was handled (e.g. someone pushes to main meanwhile). */
  afterHandle?: (request: FakeRequest, response: FakeResponse) => void;
  now = () => Date.UTC(2026, 10, 2, 9, 0, 0);
  private server!: http.Server;
  private origin = '';
  private readonly validator: OpenApiValidator;

  private constructor(readonly options: FakeGithubOptions) {
    this.owner = options.owner ?? 'acme';
    this.repo = options.repo ?? 'gitops';
    this.validator = OpenApiValidator.load(options.spec);
    this.refs.set('heads/main', this.git.putCommit(this.git.applyToTree(undefined, []), [], 'empty'));
    this.push('main', options.files ?? { 'README.md': '# gitops\n' }, 'initial commit');
  }

  /** Starts a fake on 127.0.0.1. */
  static async start(options: FakeGithubOptions = {}): Promise<FakeGithub> {
    const fake = new FakeGithub(options);
    fake.server = http.createServer((req, res) => void fake.serve(req, res));
    await new Promise<void>((resolve) => fake.server.listen(options.port ?? 0, '127.0.0.1', resolve));
    fake.origin = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  get fullName(): string {
    return `${this.owner}/${this.repo}`;
  }
  /** The API URL to configure (`GITHUB_API_URL`). */
  get apiUrl(): string {
    return `${this.origin}${this.options.basePath ?? ''}`;
  }
  /** Where pull request pages are (`html_url`). */
  get webUrl(): string {
    return `${this.origin}/web`;
  }

  /** Commits `files` (text, or null to delete) on top of `branch`; returns the commit id. */
  push(branch: string, files: Record<string, string | null>, message: string): string {
    const parent = this.refs.get(`heads/${branch}`)!;
    const updates = Object.entries(files).map(([path, text]) => ({ path, mode: '100644', sha: text === null ? null : this.git.putBlob(text) }));
    const tree = this.git.applyToTree(this.git.commits.get(parent)!.tree, updates);
    const sha = this.git.putCommit(tree, [parent], message, new Date(this.now()).toISOString());
    this.refs.set(`heads/${branch}`, sha);
    return sha;
  }

  /** The text of `path` on `branch`, or undefined. */
  readFile(branch: string, path: string): string | undefined {
    const sha = this.refs.get(`heads/${branch}`);
    return sha ? this.git.readFile(sha, path) : undefined;
  }

  /** Branch names. */
  branches(): string[] {
    return [...this.refs.keys()].filter((r) => r.startsWith('heads/')).map((r) => r.slice('heads/'.length)).sort();
  }

  /** True when `ancestor` is `sha` or one of its ancestors. */
  isAncestor(ancestor: string, sha: string): boolean {
    const seen = new Set<string>();
    const stack = [sha];
    while (stack.length) {
      const s = stack.pop()!;
      if (s === ancestor) return true;
      if (seen.has(s)) continue;
      seen.add(s);
      stack.push(...(this.git.commits.get(s)?.parents ?? []));
    }
    return false;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.origin);
    const method = req.method ?? 'GET';
    const response = this.respond(method, url, req.headers.authorization, Buffer.concat(chunks).toString('utf8'));
    this.requests.push({ method, path: url.pathname, status: response.status, operationId: response.operationId });
    const isHtml = typeof response.body === 'string';
    res.writeHead(response.status, { 'content-type': isHtml ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8', ...response.headers });
    res.end(response.body === undefined ? undefined : isHtml ? response.body : JSON.stringify(response.body));
  }

  private respond(method: string, url: URL, authorization: string | undefined, raw: string): FakeResponse & { operationId?: string } {
    if (method === 'GET' && url.pathname.startsWith('/web/')) return this.page(url.pathname);
    if (method === 'GET' && url.pathname.startsWith('/__fake/')) return this.control(url);
    const base = this.options.basePath ?? '';
    if (!url.pathname.startsWith(`${base}/`)) return this.violation(404, [`${method} ${url.pathname}: outside the API prefix "${base}"`]);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return this.violation(400, [`${method} ${url.pathname}: body is not JSON`]);
    }
    const checked = this.validator.check({ method, path: url.pathname.slice(base.length), query: url.searchParams, body });
    if (!checked.ok) return this.violation(checked.status, checked.problems);
    const { operationId, params } = checked.operation;
    const request: FakeRequest = { method, path: url.pathname, operationId, params, query: url.searchParams, body: (body ?? {}) as Record<string, unknown> };
    const token = /^(?:token|bearer) (.+)$/i.exec(authorization ?? '')?.[1];
    if (token !== (this.options.token ?? 'test-token')) return { ...githubFailure(401, 'Bad credentials'), operationId };
    if (params.owner !== this.owner || params.repo !== this.repo) return { ...githubFailure(404, 'Not Found'), operationId };
    const response = this.intercept?.(request) ?? this.handle(request);
    this.afterHandle?.(request, response);
    return { ...response, operationId };
  }

  private handle(request: FakeRequest): FakeResponse {
    const { operationId } = request;
    if (CONTENT_WRITES.has(operationId) && this.options.canPush === false) return githubFailure(403, 'Resource not accessible by integration');
    if (PULL_WRITES.has(operationId) && this.options.canWritePulls === false) return githubFailure(403, 'Resource not accessible by integration');
    const ref = request.params.ref ?? String(request.body.ref ?? '').replace(/^refs\//, '');
    if ((operationId === 'git/create-ref' || operationId === 'git/update-ref') && this.options.protect?.pattern.test(ref)) {
      const { status } = this.options.protect;
      return status === 422
        ? githubFailure(422, 'Repository rule violations found\n\nCannot create ref due to creations being restricted.\n\n')
        : githubFailure(403, `Protected branch update failed for refs/${ref}.`);
    }
    const handler = HANDLERS[operationId];
    if (!handler) {
      this.violations.push(`${operationId}: a documented endpoint the fake does not implement`);
      return githubFailure(501, `${operationId} is not implemented by the fake`);
    }
    return handler(this, { params: request.params, query: request.query, body: request.body });
  }

  private violation(status: number, problems: string[]): FakeResponse {
    this.violations.push(...problems);
    return githubFailure(status, problems.join('; '));
  }

  /** Test control (end-to-end runs): `/__fake/health`, `/__fake/state`, `/__fake/file?branch=&path=`. */
  private control(url: URL): FakeResponse {
    if (url.pathname === '/__fake/health') return { status: 200, body: { ok: true } };
    if (url.pathname === '/__fake/state') return { status: 200, body: { violations: this.violations, branches: this.branches(), pulls: this.pulls } };
    const text = this.readFile(url.searchParams.get('branch') ?? 'main', url.searchParams.get('path') ?? '');
    return text === undefined ? { status: 404, body: { message: 'Not Found' } } : { status: 200, body: { text } };
  }

  private page(path: string): FakeResponse {
    const n = Number(/\/pull\/(\d+)$/.exec(path)?.[1]);
    const pull = this.pulls.find((p) => p.number === n);
    if (!pull) return { status: 404, body: '<h1>Not found</h1>' };
    const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    return { status: 200, body: `<!doctype html><title>${esc(pull.title)}</title><h1>${esc(pull.title)} #${pull.number}</h1><pre>${esc(pull.body)}</pre>` };
  }
}

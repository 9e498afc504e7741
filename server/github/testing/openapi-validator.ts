import fs from 'node:fs';
import { createRequire } from 'node:module';
import Ajv, { type ValidateFunction } from 'ajv';

/**
 * Checks requests against GitHub's own OpenAPI description (@octokit/openapi): the method and path must match a
 * documented operation (unknown endpoints are refused), path and required query parameters must be present and of
 * the documented type, and a JSON body must validate against the operation's request schema (ajv). Test helper:
 * never imported by non-test code.
 */

/** Which description: api.github.com, or a GitHub Enterprise Server release. */
export type GithubSpecFlavor = 'api.github.com' | 'ghes-3.19';

type Schema = Record<string, unknown>;
type Parameter = { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: Schema };
type Operation = { operationId: string; parameters?: (Parameter | { $ref: string })[]; requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> } };
type Spec = { paths: Record<string, Record<string, Operation>>; components: Record<string, Record<string, unknown>> };

/** A request as the validator sees it. */
export interface RequestToCheck {
  method: string;
  /** Path without the API prefix, percent-encoded as sent. */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body, or undefined when there was none. */
  body: unknown;
}

/** The documented operation a request matched, with its decoded path parameters. */
export interface MatchedOperation {
  operationId: string;
  template: string;
  params: Record<string, string>;
}

/** The verdict on one request. */
export type CheckResult = { ok: true; operation: MatchedOperation } | { ok: false; status: 404 | 422; problems: string[] };

type Route = { method: string; template: string; segments: string[]; literals: number; operation: Operation };

const specs = new Map<GithubSpecFlavor, OpenApiValidator>();

export class OpenApiValidator {
  private readonly routes: Route[] = [];
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly bodies = new Map<string, ValidateFunction>();

  private constructor(private readonly spec: Spec) {
    for (const [template, methods] of Object.entries(spec.paths)) {
      const segments = template.split('/').filter(Boolean);
      for (const [method, operation] of Object.entries(methods)) {
        if (!operation || typeof operation !== 'object' || !('operationId' in operation)) continue;
        this.routes.push({ method: method.toUpperCase(), template, segments, literals: segments.filter((s) => !s.startsWith('{')).length, operation });
      }
    }
    // Most specific first: `/git/ref/{ref}` before a template with more parameters.
    this.routes.sort((a, b) => b.literals - a.literals || a.segments.length - b.segments.length);
  }

  /** The validator for a description (parsed once per process: the description is 13 MB). */
  static load(flavor: GithubSpecFlavor = 'api.github.com'): OpenApiValidator {
    let validator = specs.get(flavor);
    if (!validator) {
      // Resolved from the working directory (the repository root), so this runs under ESM (vitest) and CJS (tsx) alike.
      const file = createRequire(`${process.cwd()}/`).resolve(`@octokit/openapi/generated/${flavor}.json`);
      validator = new OpenApiValidator(JSON.parse(fs.readFileSync(file, 'utf8')) as Spec);
      specs.set(flavor, validator);
    }
    return validator;
  }

  /** Checks one request (see the module comment). */
  check(request: RequestToCheck): CheckResult {
    const segments = request.path.split('/').filter(Boolean);
    const route = this.routes.find((r) => r.method === request.method && match(r.segments, segments) !== undefined);
    if (!route) return { ok: false, status: 404, problems: [`${request.method} ${request.path}: no such endpoint in GitHub's OpenAPI description`] };
    const params = match(route.segments, segments)!;
    const problems = [...this.checkParameters(route, params, request.query), ...this.checkBody(route, request.body)];
    if (problems.length > 0) return { ok: false, status: 422, problems: problems.map((p) => `${route.operation.operationId}: ${p}`) };
    return { ok: true, operation: { operationId: route.operation.operationId, template: route.template, params } };
  }

  private checkParameters(route: Route, params: Record<string, string>, query: URLSearchParams): string[] {
    const problems: string[] = [];
    for (const raw of route.operation.parameters ?? []) {
      const p = this.deref(raw) as Parameter;
      const value = p.in === 'path' ? params[p.name] : p.in === 'query' ? query.get(p.name) ?? undefined : undefined;
      if (p.in === 'header') continue;
      if (value === undefined || value === '') {
        if (p.required) problems.push(`missing required ${p.in} parameter "${p.name}"`);
        continue;
      }
      const type = (this.deref(p.schema ?? {}) as Schema).type;
      if (type === 'integer' && !/^-?\d+$/.test(value)) problems.push(`${p.in} parameter "${p.name}" must be an integer, got "${value}"`);
      if (type === 'boolean' && value !== 'true' && value !== 'false') problems.push(`${p.in} parameter "${p.name}" must be a boolean, got "${value}"`);
      const allowed = (this.deref(p.schema ?? {}) as Schema).enum as unknown[] | undefined;
      if (allowed && !allowed.includes(value)) problems.push(`${p.in} parameter "${p.name}" must be one of ${allowed.join(', ')}, got "${value}"`);
    }
    return problems;
  }

  private checkBody(route: Route, body: unknown): string[] {
    const requestBody = route.operation.requestBody;
    if (!requestBody) return body === undefined ? [] : ['this operation takes no request body'];
    if (body === undefined) return requestBody.required ? ['missing required request body'] : [];
    const key = `${route.method} ${route.template}`;
    let validate = this.bodies.get(key);
    if (!validate) {
      const schema = requestBody.content?.['application/json']?.schema;
      if (!schema) return [];
      validate = this.ajv.compile(this.inline(schema, new Set()) as Schema);
      this.bodies.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `body${e.instancePath} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
  }

  private deref(node: unknown): unknown {
    const ref = (node as { $ref?: string })?.$ref;
    if (!ref) return node;
    const [, , section, name] = ref.split('/');
    return this.deref(this.spec.components[section]?.[name]);
  }

  /** The schema with every `#/components/...` reference inlined (a cycle becomes `{}`). */
  private inline(node: unknown, seen: Set<string>): unknown {
    if (Array.isArray(node)) return node.map((n) => this.inline(n, seen));
    if (!node || typeof node !== 'object') return node;
    const ref = (node as { $ref?: string }).$ref;
    if (ref) return seen.has(ref) ? {} : this.inline(this.deref(node), new Set([...seen, ref]));
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, this.inline(v, seen)]));
  }
}

/** Path parameters when `segments` fit the template (a last `{ref}` or `{path}` may span segments), else undefined. */
function match(template: string[], segments: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i];
    const isParam = t.startsWith('{') && t.endsWith('}');
    if (i === template.length - 1 && (t === '{ref}' || t === '{path}') && segments.length > template.length) {
      params[t.slice(1, -1)] = decodeURIComponent(segments.slice(i).join('/'));
      return params;
    }
    const s = segments[i];
    if (s === undefined) return undefined;
    if (isParam) params[t.slice(1, -1)] = decodeURIComponent(s);
    else if (t !== s) return undefined;
  }
  return segments.length === template.length ? params : undefined;
}

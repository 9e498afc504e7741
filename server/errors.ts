import 'server-only';
import { isValidNamespace } from '@/lib/findings/label-validation';

/**
 * Typed errors for route handlers (after vercel/ai-chatbot): a code `${kind}:${surface}`, a message safe to
 * show, and a response that never carries internals. Unknown thrown values become `internal:*` and are logged.
 */

export type ErrorKind = 'bad_request' | 'misdirected' | 'not_found' | 'unauthorized' | 'forbidden' | 'conflict' | 'too_large' | 'unavailable' | 'internal';
export type ErrorSurface = 'api' | 'namespace' | 'flows' | 'capture' | 'relay' | 'stream' | 'findings' | 'db' | 'ingest' | 'github' | 'export' | 'checklist' | 'audit-window';
export type ErrorCode = `${ErrorKind}:${ErrorSurface}`;

const STATUS: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  misdirected: 421,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unavailable: 503,
  internal: 500,
};

const APP_ERROR = Symbol.for('lockstep.AppError');

export class AppError extends Error {
  /** Brand shared by every copy of this class (see `Symbol.hasInstance`). */
  readonly [APP_ERROR] = true;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  // NOTE: Next.js bundles server modules into several chunks, so the container's services and a route may hold two
  // copies of this class; `instanceof` checks the brand, or an AppError thrown by a service would become a 500.
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [APP_ERROR]?: unknown })[APP_ERROR] === true;
  }

  get status(): number {
    return STATUS[this.code.split(':')[0] as ErrorKind];
  }

  /** The JSON response: code and message (and safe details); internal errors say nothing about internals. */
  toResponse(): Response {
    const body = this.code.startsWith('internal:')
      ? { error: { code: this.code, message: 'Internal error; see the server log.' } }
      : { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
    const retryAfter = this.details?.retryAfterSeconds;
    const headers: Record<string, string> = { 'cache-control': 'no-store', ...(typeof retryAfter === 'number' ? { 'retry-after': String(retryAfter) } : {}) };
    return Response.json(body, { status: this.status, headers });
  }
}

/** Converts anything thrown into an AppError (logging the unexpected ones). */
export function toAppError(error: unknown, surface: ErrorSurface = 'api'): AppError {
  if (error instanceof AppError) return error;
  console.error(`[lockstep] internal error (${surface}):`, error instanceof Error ? error.stack ?? error.message : error);
  return new AppError(`internal:${surface}`, 'internal error');
}

/** Validates a namespace from a URL. */
export function parseNamespace(value: string): string {
  const ns = decodePathSegment(value, 'namespace');
  if (!isValidNamespace(ns)) {
    throw new AppError('bad_request:namespace', `"${ns.slice(0, 80)}" is not a valid Kubernetes namespace name (RFC 1123 label: lower-case letters, digits and '-', at most 63).`);
  }
  return ns;
}

/**
 * Decodes a URL path segment once. Next.js hands route params over still percent-encoded in some cases and
 * decoded in others; a malformed escape (`%ZZ`, a cut UTF-8 sequence) is the caller's mistake: 400, not a URIError.
 */
export function decodePathSegment(value: string, surface: ErrorSurface): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new AppError(`bad_request:${surface}`, 'the URL path has a malformed percent-encoding');
  }
}

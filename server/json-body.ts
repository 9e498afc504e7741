import 'server-only';
import type { z } from 'zod';
import { AppError, type ErrorSurface } from './errors';
import { readBodyText } from './body/read-body';

/** Options of {@link readJsonBody}. */
export interface ReadJsonBodyOptions {
  surface: ErrorSurface;
  /** Largest body accepted. Default: 64 KiB. */
  maxBytes?: number;
  /** Shown when the body is not JSON, e.g. an example of the expected shape. */
  hint?: string;
}

/** Parses JSON text against a schema; a bad body is a 400 naming every problem (never a 500). */
export function parseJsonText<T>(text: string, schema: z.ZodType<T>, surface: ErrorSurface, hint?: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError(`bad_request:${surface}`, `the body must be JSON${hint ? `: ${hint}` : ''}`);
  }
  const r = schema.safeParse(value);
  if (!r.success) throw new AppError(`bad_request:${surface}`, r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return r.data;
}

/** Reads a request's JSON body (bounded) and validates it. */
export async function readJsonBody<T>(request: Request, schema: z.ZodType<T>, options: ReadJsonBodyOptions): Promise<T> {
  const text = await readBodyText(request, { surface: options.surface, maxBytes: options.maxBytes ?? 64 * 1024 });
  return parseJsonText(text, schema, options.surface, options.hint);
}

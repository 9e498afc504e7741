import 'server-only';
import { z } from 'zod';
import { AppError } from '../errors';

/** A finding id from a URL (the stable hash ids findings get). */
export function parseFindingId(value: string): string {
  const id = decodeURIComponent(value);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new AppError('bad_request:findings', 'not a finding id');
  return id;
}

const ReviewBody = z.object({
  decision: z.enum(['new', 'accepted', 'rejected', 'needs-info']),
  comment: z.string().max(4000).optional(),
  expectedStatus: z.enum(['new', 'accepted', 'rejected', 'needs-info']).optional(),
});

const CommentBody = z.object({ comment: z.string().trim().min(1).max(4000) });

async function jsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.length > 64 * 1024) throw new AppError('too_large:findings', 'the request body is too large');
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_request:findings', 'the body must be JSON');
  }
}

function check<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new AppError('bad_request:findings', r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return r.data;
}

/** `{decision, comment?, expectedStatus?}` of POST /api/findings/{id}/review. */
export async function parseReviewBody(request: Request): Promise<z.infer<typeof ReviewBody>> {
  return check(ReviewBody, await jsonBody(request));
}

/** `{comment}` of POST /api/findings/{id}/comments. */
export async function parseCommentBody(request: Request): Promise<z.infer<typeof CommentBody>> {
  return check(CommentBody, await jsonBody(request));
}

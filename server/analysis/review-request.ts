import 'server-only';
import { z } from 'zod';
import { AppError, decodePathSegment } from '../errors';
import { readJsonBody } from '../json-body';

/** A finding id from a URL (the stable hash ids findings get). */
export function parseFindingId(value: string): string {
  const id = decodePathSegment(value, 'findings');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new AppError('bad_request:findings', 'not a finding id');
  return id;
}

const ReviewBody = z.object({
  decision: z.enum(['new', 'accepted', 'rejected', 'needs-info']),
  comment: z.string().max(4000).optional(),
  expectedStatus: z.enum(['new', 'accepted', 'rejected', 'needs-info']).optional(),
});

const CommentBody = z.object({ comment: z.string().trim().min(1).max(4000) });

/** `{decision, comment?, expectedStatus?}` of POST /api/findings/{id}/review. */
export async function parseReviewBody(request: Request): Promise<z.infer<typeof ReviewBody>> {
  return readJsonBody(request, ReviewBody, { surface: 'findings' });
}

/** `{comment}` of POST /api/findings/{id}/comments. */
export async function parseCommentBody(request: Request): Promise<z.infer<typeof CommentBody>> {
  return readJsonBody(request, CommentBody, { surface: 'findings' });
}

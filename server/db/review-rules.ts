import 'server-only';
import { AppError } from '../errors';
import { FINDING_STATUSES, type FindingStatus } from './schema';

/**
 * The review state machine and input checks. A new finding is accepted (it goes into the patch), rejected (an
 * unwanted flow: stop the caller) or needs more information; any decided finding can be re-decided or reopened.
 */
const TRANSITIONS: Record<FindingStatus, readonly FindingStatus[]> = {
  new: ['accepted', 'rejected', 'needs-info'],
  'needs-info': ['accepted', 'rejected', 'new'],
  accepted: ['rejected', 'needs-info', 'new'],
  rejected: ['accepted', 'needs-info', 'new'],
};

/** Longest comment kept. */
export const MAX_COMMENT_LENGTH = 4_000;
const MAX_ACTOR_LENGTH = 200;

/** The statuses a finding in `from` may move to. */
export function allowedDecisions(from: FindingStatus): readonly FindingStatus[] {
  return TRANSITIONS[from];
}

/** Throws `conflict:findings` unless `from → to` is a transition. */
export function assertTransition(from: FindingStatus, to: FindingStatus): void {
  if (TRANSITIONS[from].includes(to)) return;
  throw new AppError('conflict:findings', `the finding is already ${from}`, { status: from, allowed: [...TRANSITIONS[from]] });
}

/** Validates a decision from a request. */
export function parseDecision(value: unknown): FindingStatus {
  if (typeof value === 'string' && (FINDING_STATUSES as readonly string[]).includes(value)) return value as FindingStatus;
  throw new AppError('bad_request:findings', `decision must be one of ${FINDING_STATUSES.join(', ')}`);
}

/** A trimmed actor name (1..200 characters). */
export function parseActor(value: string): string {
  const actor = value.trim();
  if (!actor || actor.length > MAX_ACTOR_LENGTH) throw new AppError('bad_request:findings', 'a reviewer identity (1 to 200 characters) is required');
  return actor;
}

/** A trimmed comment, undefined when empty; at most {@link MAX_COMMENT_LENGTH} characters. */
export function parseComment(value: string | undefined): string | undefined {
  const comment = value?.trim();
  if (!comment) return undefined;
  if (comment.length > MAX_COMMENT_LENGTH) throw new AppError('too_large:findings', `comments are limited to ${MAX_COMMENT_LENGTH} characters`);
  return comment;
}

import 'server-only';
import { z } from 'zod';
import type { StepNumber } from '@/lib/checklist/checklist';
import { isStepNumber } from '@/lib/checklist/step-info';
import { AppError } from '../errors';
import { readJsonBody } from '../json-body';

/** A step number from a URL (`1`..`8`). */
export function parseStepNumber(value: string): StepNumber {
  const n = /^[1-8]$/.test(value) ? Number(value) : NaN;
  if (!isStepNumber(n)) throw new AppError('bad_request:checklist', 'the step must be a number from 1 to 8');
  return n;
}

const ConfirmBody = z.object({ confirmed: z.boolean(), note: z.string().max(1_000).optional() }).strict();

/** `{confirmed: boolean, note?}` of POST /api/namespaces/{ns}/checklist/steps/{n}/confirm. */
export async function parseConfirmBody(request: Request): Promise<z.infer<typeof ConfirmBody>> {
  return readJsonBody(request, ConfirmBody, { surface: 'checklist', maxBytes: 16 * 1024, hint: '{"confirmed": true, "note": "…"}' });
}

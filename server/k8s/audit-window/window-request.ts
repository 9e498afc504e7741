import 'server-only';
import { z } from 'zod';
import type { Container } from '../../container';
import { AppError } from '../../errors';
import { readJsonBody } from '../../json-body';
import type { AuditWindowService } from './audit-window-service';

const OpenBody = z.object({ hours: z.number().positive().max(10_000).optional() }).strict();
const ConfirmBody = z.object({ ran: z.enum(['open', 'close']) }).strict();

/** `{hours?}` of POST /api/namespaces/{ns}/audit-window: the duration in ms, or undefined for the default. */
export async function parseOpenBody(request: Request): Promise<number | undefined> {
  const text = await request.clone().text();
  if (text.trim() === '') return undefined;
  const body = await readJsonBody(request, OpenBody, { surface: 'audit-window', maxBytes: 4 * 1024, hint: '{"hours": 48}' });
  return body.hours === undefined ? undefined : Math.round(body.hours * 3_600_000);
}

/** `{ran: "open" | "close"}` of POST /api/namespaces/{ns}/audit-window/confirm. */
export async function parseConfirmRanBody(request: Request): Promise<'open' | 'close'> {
  return (await readJsonBody(request, ConfirmBody, { surface: 'audit-window', maxBytes: 4 * 1024, hint: '{"ran": "open"}' })).ran;
}

/** The service, or 404 when the feature is off. */
export function requireAuditWindows(c: Pick<Container, 'auditWindows'>): AuditWindowService {
  if (!c.auditWindows) throw new AppError('not_found:audit-window', 'audit windows are off: set LOCKSTEP_AUDIT_WINDOW=enabled to turn them on');
  return c.auditWindows;
}

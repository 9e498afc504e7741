import 'server-only';
import { VERDICTS, type Flow, type Verdict } from '@/lib/flow/flow';
import { flowMatchesText } from '@/lib/flow/describe';
import { AppError } from '../errors';

/** A parsed `?verdict=&limit=&q=` query of the flows API. */
export interface FlowQuery {
  verdict: Verdict | undefined;
  /** Default: 200; at most 2000. */
  limit: number;
  matches(flow: Flow): boolean;
}

/** Validates the flows API query; a bad value is a 400 naming the parameter. */
export function parseFlowQuery(params: URLSearchParams): FlowQuery {
  const rawVerdict = params.get('verdict')?.toUpperCase() || undefined;
  if (rawVerdict && !VERDICTS.includes(rawVerdict as Verdict)) {
    throw new AppError('bad_request:flows', `verdict must be one of ${VERDICTS.join(', ')}`);
  }
  const rawLimit = params.get('limit');
  const limit = rawLimit === null || rawLimit === '' ? 200 : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 2000) throw new AppError('bad_request:flows', 'limit must be an integer from 1 to 2000');
  const q = (params.get('q') ?? '').slice(0, 200);
  return { verdict: rawVerdict as Verdict | undefined, limit, matches: (flow) => flowMatchesText(flow, q) };
}

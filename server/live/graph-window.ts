import 'server-only';
import { GRAPH_WINDOWS, isGraphWindow, type GraphWindow } from '@/lib/graph/windowed-graph';
import { AppError } from '../errors';

/** `?window=` of the graph APIs. Default: 1h. */
export function parseGraphWindow(value: string | null): GraphWindow {
  if (value === null || value === '') return '1h';
  if (!isGraphWindow(value)) throw new AppError('bad_request:namespace', `window must be one of ${GRAPH_WINDOWS.join(', ')}`);
  return value;
}

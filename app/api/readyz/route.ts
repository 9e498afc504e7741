import { getContainer } from '@/server/container';
import { readiness } from '@/server/readiness';

export const dynamic = 'force-dynamic';

/** GET /api/readyz: 200 once the server is up and its store migrated, whatever the relay (see server/readiness.ts). */
export function GET(): Promise<Response> {
  return readiness(getContainer);
}

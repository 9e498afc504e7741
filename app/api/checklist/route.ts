import { handle, json } from '@/server/http';

export const dynamic = 'force-dynamic';

/**
 * GET /api/checklist: every namespace's rollout progress (step states, steps done, current step, open findings,
 * last AUDIT, warnings) in step 2's ranking order, with the relay and Kubernetes status.
 */
export const GET = handle('checklist', async (c) => json(await c.checklist.overview()));

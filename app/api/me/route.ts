import { handle, json } from '@/server/http';

export const dynamic = 'force-dynamic';

/** GET /api/me: who Lockstep thinks you are, and your role (the UI enables review actions from it). */
export const GET = handle('api', (c, request: Request) => {
  const p = c.auth.identify(request);
  return json({ user: p.user, email: p.email, role: p.role, via: p.via });
});

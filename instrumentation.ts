/**
 * Next.js start-up hook: starts Lockstep's services when the server boots, not on the first request.
 * NOTE: Next.js sets NEXT_RUNTIME itself and also compiles this file for the Edge runtime, which cannot run
 * gRPC; the Node-only part lives in server/start-node.ts and is imported only under the Node.js runtime.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startNode } = await import('./server/start-node');
    await startNode();
  }
}

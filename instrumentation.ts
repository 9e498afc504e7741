/**
 * Next.js start-up hook: starts Lockstep's relay subscription when the server boots, not on the first request,
 * and wires graceful shutdown (SIGTERM closes live streams and the relay stream before exit).
 */
export async function register(): Promise<void> {
  // NOTE: Next.js sets NEXT_RUNTIME itself; the Edge runtime cannot run gRPC.
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getContainer } = await import('./server/container');
  const container = await getContainer();
  const stop = (signal: string) => {
    console.info(`[lockstep] ${signal}: closing live streams and the relay stream`);
    void container.shutdown().finally(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

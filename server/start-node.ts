import 'server-only';
import { getContainer } from './container';

/** Starts the container and wires graceful shutdown: SIGTERM closes live streams and the relay stream, then exits. */
export async function startNode(): Promise<void> {
  const container = await getContainer();
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.info(`[lockstep] ${signal}: closing live streams and the relay stream`);
    const force = setTimeout(() => process.exit(0), 10_000);
    force.unref();
    void container.shutdown().finally(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

import 'server-only';
import { getContainer } from './container';

/** Options of {@link startNode}; tests replace the process hooks. */
export interface StartNodeOptions {
  exit?: (code: number) => void;
  logError?: (message: string) => void;
}

/**
 * Starts the container and wires graceful shutdown: SIGTERM closes live streams and the relay stream, then exits.
 * A start that fails (an invalid configuration, listing every problem; an unreachable or refusing database) exits
 * with status 1 instead of leaving a server that answers every route with 500.
 */
export async function startNode(options: StartNodeOptions = {}): Promise<void> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const logError = options.logError ?? ((message: string) => console.error(message));
  let container: Awaited<ReturnType<typeof getContainer>>;
  try {
    container = await getContainer();
  } catch (error) {
    logError(`[lockstep] cannot start: ${error instanceof Error ? error.message : String(error)}`);
    exit(1);
    return;
  }
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

import { shutdownTracing } from '../tracing/sdk';

/**
 * How long an orderly stop may take before the process exits anyway. Orchestrators send SIGKILL
 * some seconds after SIGTERM (ten in many setups); stopping by ourselves just before is better
 * than being killed mid-write.
 */
export const STOP_DEADLINE_MS = 9_000;

/**
 * Exits the process if an orderly stop has not finished by the deadline. Embedded PostgreSQL's
 * supervisor stops it when this process goes away.
 */
export function stopWatchdog(): NodeJS.Timeout {
  return setTimeout(() => {
    process.stderr.write(`Did not stop within ${STOP_DEADLINE_MS / 1000} s; exiting anyway.\n`);
    process.exit(1);
  }, STOP_DEADLINE_MS).unref();
}

/**
 * Runs one long-lived process (a subgraph or the gateway, as a container would): starts it,
 * stops it in order on SIGINT or SIGTERM (readiness false at once, requests in flight finished,
 * background work stopped at a clean point, the database last), and exits non-zero with a
 * readable message when start-up fails, for instance on a bad setting.
 */
export function runProcess(start: () => Promise<{ stop(): Promise<void> }>): void {
  start().then(
    (running) => {
      let stopping = false;
      const shutdown = () => {
        if (stopping) return;
        stopping = true;
        stopWatchdog();
        void (async () => {
          let code = 0;
          try {
            await running.stop();
          } catch (error) {
            console.error(error);
            code = 1;
          }
          // The last spans go out once the work that made them is done.
          await shutdownTracing();
          process.exit(code);
        })();
      };
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}

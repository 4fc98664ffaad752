/**
 * Runs one long-lived process (a subgraph or the gateway, as a container would): starts it,
 * stops it in order on SIGINT or SIGTERM, and exits non-zero with a readable message when
 * start-up fails, for instance on a bad setting.
 */
export function runProcess(start: () => Promise<{ stop(): Promise<void> }>): void {
  start().then(
    (running) => {
      let stopping = false;
      const shutdown = () => {
        if (stopping) return;
        stopping = true;
        running.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            console.error(error);
            process.exit(1);
          },
        );
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

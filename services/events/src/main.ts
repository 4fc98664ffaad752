import { parseEnv } from '@praxis/platform';
import { eventsConfig, eventsEnv } from './env';
import { startEvents } from './index';

/** Runs the events subgraph on its own, as a container would. */
async function main(): Promise<void> {
  const config = eventsConfig(parseEnv(eventsEnv, process.env));
  const running = await startEvents(config);
  const shutdown = () => {
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

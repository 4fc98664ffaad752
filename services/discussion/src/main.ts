import { parseEnv } from '@praxis/platform';
import { discussionConfig, discussionEnv } from './env';
import { startDiscussion } from './index';

/** Runs the discussion subgraph on its own, as a container would. */
async function main(): Promise<void> {
  const config = discussionConfig(parseEnv(discussionEnv, process.env));
  const running = await startDiscussion(config);
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

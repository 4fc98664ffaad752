import { parseEnv } from '@praxis/platform';
import { resourcesConfig, resourcesEnv } from './env';
import { startResources } from './index';

/** Runs the resources subgraph on its own, as a container would. */
async function main(): Promise<void> {
  const config = resourcesConfig(parseEnv(resourcesEnv, process.env));
  const running = await startResources(config);
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

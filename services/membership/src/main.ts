import { parseEnv } from '@praxis/platform';
import { membershipConfig, membershipEnv } from './env';
import { startMembership } from './index';

/** Runs the membership subgraph on its own, as a container would. */
async function main(): Promise<void> {
  const config = membershipConfig(parseEnv(membershipEnv, process.env));
  const running = await startMembership(config);
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

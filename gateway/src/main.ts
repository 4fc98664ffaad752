import { parseEnv } from '@praxis/platform';
import { gatewayConfig, gatewayEnv } from './env';
import { createGateway } from './server';

/** Runs the gateway on its own, as a container would. */
async function main(): Promise<void> {
  const config = gatewayConfig(parseEnv(gatewayEnv, process.env));
  const gateway = await createGateway(config);
  await gateway.listen(config.port, config.host);
  const shutdown = () => {
    gateway.close().then(
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

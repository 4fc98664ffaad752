import { parseEnv, runProcess } from '@praxis/platform';
import { gatewayConfig, gatewayEnv } from './env';
import { createGateway } from './server';

/** Runs the gateway on its own, as a container would. */
runProcess(async () => {
  const config = gatewayConfig(parseEnv(gatewayEnv, process.env));
  const gateway = await createGateway(config);
  await gateway.listen(config.port, config.host);
  return { stop: () => gateway.close() };
});

/**
 * `npm start`: PostgreSQL (embedded unless DATABASE_URL is set), migrations, demo data once,
 * every subgraph on its own port, and the gateway on http://localhost:4000/graphql.
 * Ctrl-C stops everything, PostgreSQL included.
 */
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@praxis/membership';
import { stopWatchdog } from '@praxis/platform';
import { bootDatabase, seed, startGateway, startServices, stackLogger } from './lib/stack';
import { assertProductionProfile, stackEnv } from './lib/env';

async function main(): Promise<void> {
  try {
    assertProductionProfile(stackEnv);
  } catch (error) {
    process.stderr.write(`Praxis will not start in production with development settings.\n${(error as Error).message}\n`);
    process.exit(1);
  }
  const started = performance.now();
  const logger = stackLogger();
  const database = await bootDatabase(logger);
  let services: Awaited<ReturnType<typeof startServices>> | undefined;
  let gateway: Awaited<ReturnType<typeof startGateway>> | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    // A Ctrl-C in a terminal reaches PostgreSQL too, which then ends every connection at once.
    // Those connection errors are expected now and must not crash the orderly stop.
    const expected = (error: unknown) => logger.debug({ err: error }, 'connection error while stopping');
    stopWatchdog();
    process.on('uncaughtException', expected);
    process.on('unhandledRejection', expected);
    process.stdout.write('\nStopping Praxis…\n');
    // Readiness turns false everywhere at once; then each layer finishes its requests in flight
    // while the layers it calls are still up: the gateway, then the subgraphs (membership last,
    // since the others ask it about permissions), then background work, then the databases.
    const running = services?.running ?? [];
    gateway?.gateway.beginShutdown();
    for (const service of running) service.runtime.beginShutdown();
    await gateway?.gateway.close().catch((error: unknown) => logger.error({ err: error }, 'gateway did not stop cleanly'));
    logger.info('gateway stopped');
    for (const service of [...running].reverse()) {
      await service.runtime.stopServing().catch((error: unknown) => logger.error({ err: error, service: service.name }, 'subgraph did not stop cleanly'));
    }
    logger.info('subgraphs stopped');
    await Promise.all(running.map((service) => service.runtime.stopBackground().catch((error: unknown) => logger.error({ err: error, service: service.name }, 'background work did not stop cleanly'))));
    logger.info('consumers and job workers stopped');
    await services?.stop().catch((error: unknown) => logger.error({ err: error }, 'services did not stop cleanly'));
    await database.stop().catch((error: unknown) => logger.error({ err: error }, 'PostgreSQL did not stop cleanly'));
    process.stdout.write('Praxis stopped.\n');
    process.exit(code);
  };
  // Only this script acts on these signals: a library's own exit hook would stop PostgreSQL and
  // exit the process while the services still hold connections.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) process.off(signal, listener);
  }
  // `on`, not `once`: a terminal's Ctrl-C arrives twice, from the terminal and relayed by npm,
  // and a signal with no listener left would end the process before the orderly stop finishes.
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    services = await startServices(database, { ports: 'configured' });
    if (stackEnv.PRAXIS_SEED !== 'none') await seed(services, stackEnv.PRAXIS_SEED, logger);
    gateway = await startGateway(services);
  } catch (error) {
    logger.error({ err: error }, 'Praxis failed to start');
    await stop(1);
    return;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const lines = [
    '',
    `Praxis is ready in ${seconds} s.`,
    '',
    `  Graph:        ${gateway.url}/graphql   (open it in a browser for Apollo Sandbox)`,
    ...services.running.map((service) => `  ${service.name.padEnd(13)} ${service.url}/graphql`),
    `  Health:       ${gateway.url}/health/ready`,
    ...(stackEnv.PRAXIS_SEED === 'none' ? [] : ['', `Demo sign-ins (password "${DEMO_PASSWORD}"):`, ...DEMO_ACCOUNTS.map((account) => `  ${account.email.padEnd(26)} ${account.role}`)]),
    '',
    'Emails are written to .praxis/mail. Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

void main();

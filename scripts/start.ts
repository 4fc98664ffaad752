/**
 * `npm start`: PostgreSQL (embedded unless DATABASE_URL is set), migrations, demo data once,
 * every subgraph on its own port, the admin app built when its sources changed, and the gateway
 * on http://localhost:4000/graphql serving the app at /admin/.
 * Ctrl-C stops everything, PostgreSQL included.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@praxis/membership';
import { REPO_ROOT, shutdownTracing, stopWatchdog, type Logger } from '@praxis/platform';
import { bootDatabase, seed, startGateway, startServices, stackLogger } from './lib/stack';
import { assertProductionProfile, stackEnv } from './lib/env';

const ADMIN = join(REPO_ROOT, 'admin');

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/**
 * Builds the admin app into admin/dist when the build is missing or older than its sources, so
 * `npm start` serves the app people are editing. A failed build is logged and start-up goes on:
 * the graph does not depend on the app.
 */
async function buildAdminApp(logger: Logger): Promise<void> {
  const sources = ['src', 'public', 'index.html', 'vite.config.ts'].map((name) => join(ADMIN, name));
  if (!existsSync(join(ADMIN, 'index.html')) || !existsSync(join(ADMIN, 'src'))) {
    logger.info('the admin app has no sources yet: not built');
    return;
  }
  const built = join(ADMIN, 'dist', 'index.html');
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newestChange))) return;
  logger.info('building the admin app (admin/dist)…');
  const started = performance.now();
  const vite = join(require.resolve('vite/package.json', { paths: [ADMIN] }), '..', 'bin', 'vite.js');
  const output: Buffer[] = [];
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: ADMIN, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', (error) => (output.push(Buffer.from(String(error))), resolve(null)));
    child.on('close', resolve);
  });
  if (code === 0) logger.info({ seconds: Number(((performance.now() - started) / 1000).toFixed(1)) }, 'admin app built');
  else logger.error({ output: Buffer.concat(output).toString('utf8').slice(-4000) }, 'the admin app did not build; /admin/ serves the previous build, if any');
}

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
    // The last spans (when the tracing preload is on) go out once the work that made them is done.
    await shutdownTracing();
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
  // Built while the services start; the gateway looks for the build when it is created.
  const adminBuild = stackEnv.PRAXIS_ADMIN_BUILD ? buildAdminApp(logger).catch((error: unknown) => logger.error({ err: error }, 'the admin app could not be built')) : Promise.resolve();
  try {
    services = await startServices(database, { ports: 'configured' });
    if (stackEnv.PRAXIS_SEED !== 'none') await seed(services, stackEnv.PRAXIS_SEED, logger);
    await adminBuild;
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
    `  Admin app:    ${gateway.gateway.adminApp ? `${gateway.url}/admin/` : 'not built (see the log above)'}`,
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

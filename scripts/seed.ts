/**
 * `npm run seed [-- --scale]`: seeds the demo data (once) and, with --scale, the scale network:
 * a 10,000-member community and more around it, from a fixed random seed, with progress bars.
 * Starts the services without their HTTP ports in use by `npm start`.
 */
import { bootDatabase, seed, startServices, stackLogger } from './lib/stack';

async function main(): Promise<void> {
  const scale = process.argv.includes('--scale');
  const logger = stackLogger();
  const started = performance.now();
  const database = await bootDatabase(logger);
  try {
    const services = await startServices(database, { ports: 'ephemeral', workers: false });
    try {
      await seed(services, scale ? 'scale' : 'demo', logger);
    } finally {
      await services.stop();
    }
  } finally {
    await database.stop();
  }
  process.stdout.write(`Seeded ${scale ? 'demo and scale' : 'demo'} data in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

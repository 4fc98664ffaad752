import type { DataSource } from 'typeorm';
import { createServiceDataSource, revertLastMigration, runMigrationsLocked } from '@praxis/platform';
import { workerDatabase } from '@praxis/platform/testing';
import { entities } from '../entities';
import { migrations } from '../index';

let dataSource: DataSource;

beforeAll(async () => {
  const url = (await workerDatabase()).urlFor('resources');
  dataSource = createServiceDataSource({ url, schema: 'resources', entities, migrations, applicationName: 'resources-migration-test', poolSize: 2 }).dataSource;
  await dataSource.initialize();
});
afterAll(() => dataSource?.destroy());

const tables = async () =>
  ((await dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'resources' AND table_name <> 'migrations' ORDER BY 1`)) as { table_name: string }[]).map((row) => row.table_name);

test('the library migration goes down and up again, under the service role alone', async () => {
  const before = await tables();
  expect(before).toEqual(expect.arrayContaining(['resources', 'resource_files', 'resource_topics', 'resource_tags', 'resource_revisions', 'library_tags', 'topic_terms', 'event_refs']));
  await revertLastMigration(dataSource);
  // The platform's outbox and consumer positions belong to the migration before it, and stay.
  expect(await tables()).toEqual(['event_positions', 'outbox']);
  expect(await runMigrationsLocked(dataSource, 'resources')).toEqual(['ResourcesInitial1763800300000']);
  expect(await tables()).toEqual(before);
});

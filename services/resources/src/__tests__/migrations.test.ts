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

const columns = async () =>
  ((await dataSource.query(`SELECT table_name || '.' || column_name AS name FROM information_schema.columns WHERE table_schema = 'resources' ORDER BY 1`)) as { name: string }[]).map((row) => row.name);
const indexes = async () => ((await dataSource.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'resources' ORDER BY 1`)) as { indexname: string }[]).map((row) => row.indexname);

test('the library migrations go down and up again, under the service role alone', async () => {
  const before = { tables: await tables(), columns: await columns(), indexes: await indexes() };
  expect(before.tables).toEqual(
    expect.arrayContaining(['resources', 'resource_files', 'resource_topics', 'resource_tags', 'resource_revisions', 'library_tags', 'topic_terms', 'event_refs', 'report_member_types', 'report_member_profiles']),
  );
  expect(before.columns).toEqual(expect.arrayContaining(['resources.submitted_community_id', 'resource_helpful_marks.former_participant_type']));
  expect(before.indexes).toEqual(expect.arrayContaining(['resources_report_community', 'resources_report_network', 'resource_helpful_marks_report_network']));
  expect(before.indexes).not.toContain('resources_submitted');

  await revertLastMigration(dataSource);
  expect(await indexes()).toEqual(expect.arrayContaining(['resources_submitted', 'resource_helpful_marks_network', 'resource_helpful_marks_community']));
  expect(await indexes()).not.toContain('resources_report_community');
  await revertLastMigration(dataSource);
  expect(await tables()).not.toContain('report_member_pieces');
  await revertLastMigration(dataSource);
  expect(await columns()).not.toContain('resources.submitted_community_id');
  expect(await indexes()).not.toContain('resource_helpful_marks_network');
  await revertLastMigration(dataSource);
  expect(await tables()).not.toContain('report_member_types');
  await revertLastMigration(dataSource);
  // The platform's outbox and consumer positions belong to the migration before them, and stay.
  expect(await tables()).toEqual(['event_positions', 'outbox']);
  expect(await runMigrationsLocked(dataSource, 'resources')).toEqual([
    'ResourcesInitial1763800300000',
    'ReportMemberAttributes1763900000000',
    'ResourcesReports1763900000300',
    'ReportMemberPieces1764000000000',
    'ResourcesReportIndexes1764000000300',
  ]);
  expect({ tables: await tables(), columns: await columns(), indexes: await indexes() }).toEqual(before);
});

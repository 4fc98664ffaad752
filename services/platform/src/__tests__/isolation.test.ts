import { Client } from 'pg';
import { workerDatabase } from '../testing';

// Each service connects with its own role, which owns its schema and nothing else, so a
// cross-service join fails loudly instead of quietly coupling two services.
let admin: Client;
let service: Client;

beforeAll(async () => {
  const db = await workerDatabase();
  admin = new Client({ connectionString: db.adminUrl });
  await admin.connect();
  await admin.query('CREATE SCHEMA IF NOT EXISTS other_service');
  await admin.query('CREATE TABLE IF NOT EXISTS other_service.secrets (id int)');
  service = new Client({ connectionString: db.urlFor('membership') });
  await service.connect();
});
afterAll(async () => {
  await service?.end();
  await admin?.query('DROP SCHEMA IF EXISTS other_service CASCADE');
  await admin?.end();
});

test("a service role cannot read another schema's tables", async () => {
  await expect(service.query('SELECT * FROM other_service.secrets')).rejects.toThrow(/permission denied/);
});

test('a service role cannot create objects outside its own schemas', async () => {
  await expect(service.query('CREATE TABLE public.sneaky (id int)')).rejects.toThrow(/permission denied/);
  await expect(service.query('CREATE SCHEMA sneaky')).rejects.toThrow(/permission denied/);
});

test('a service role works in its own schema, with the search path set to it', async () => {
  const { rows } = await service.query('SELECT current_schema() AS schema');
  expect(rows[0].schema).toBe('membership');
  await service.query('CREATE TEMP TABLE scratch (id int)');
});

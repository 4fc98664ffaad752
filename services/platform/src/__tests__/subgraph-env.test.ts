import { parseEnv } from '../config/env';
import { DEFAULT_MEMBERSHIP_INTERNAL_URL, sharedSubgraphConfig, sharedSubgraphEnv, type SharedSubgraphEnv } from '../config/subgraph-env';
import type { Logger } from '../logging/logger';
import { ServiceRuntime } from '../server/runtime';

const configFor = (name: string, port: number, source: Record<string, string> = {}, introspectionInProduction?: boolean) => {
  const identity = { name, port, introspectionInProduction };
  return sharedSubgraphConfig(identity, parseEnv(sharedSubgraphEnv(identity), source) as unknown as SharedSubgraphEnv);
};

test("a service's own settings carry its prefix; the shared ones are the same for all", () => {
  const config = configFor('resources', 4003, { RESOURCES_PORT: '0', RESOURCES_DB_POOL_SIZE: '3', RESOURCES_WORKERS: 'false', HOST: '0.0.0.0' });
  expect(config.runtime).toMatchObject({ service: 'resources', schema: 'resources', jobSchema: 'resources_jobs', port: 0, poolSize: 3, workers: false, host: '0.0.0.0', migrateOnStart: true });
  expect(config.runtime.databaseUrl).toBe('postgres://praxis_resources:praxis@127.0.0.1:5432/praxis');
  expect(configFor('discussion', 4002).runtime.port).toBe(4002);
});

test('every service asks membership at the same address by default', () => {
  for (const [name, port] of [['discussion', 4002], ['resources', 4003], ['events', 4004]] as const) {
    expect(configFor(name, port).membershipUrl).toBe(DEFAULT_MEMBERSHIP_INTERNAL_URL);
  }
  expect(DEFAULT_MEMBERSHIP_INTERNAL_URL).toBe('http://127.0.0.1:4001');
});

test('EVENTLOG_POLL_MS sets the poll; the old EVENTS_POLL_MS still works for a release, with a warning', () => {
  expect(configFor('events', 4004).runtime).toMatchObject({ eventsPollMs: 1000 });
  expect(configFor('events', 4004).runtime.warnings).toBeUndefined();
  expect(configFor('events', 4004, { EVENTLOG_POLL_MS: '200' }).runtime.eventsPollMs).toBe(200);
  const old = configFor('events', 4004, { EVENTS_POLL_MS: '300' }).runtime;
  expect(old.eventsPollMs).toBe(300);
  expect(old.warnings).toEqual([expect.stringContaining('EVENTS_POLL_MS is deprecated')]);
  const both = configFor('events', 4004, { EVENTS_POLL_MS: '300', EVENTLOG_POLL_MS: '200' }).runtime;
  expect(both.eventsPollMs).toBe(200);
  expect(both.warnings).toEqual([expect.stringContaining('EVENTLOG_POLL_MS is set and wins')]);
  expect(() => configFor('events', 4004, { EVENTLOG_POLL_MS: '10' })).toThrow(/EVENTLOG_POLL_MS/);
});

test('the runtime says each configuration warning once at start-up', () => {
  const warned: unknown[] = [];
  const logger = { info() {}, debug() {}, error() {}, trace() {}, fatal() {}, warn: (message: unknown) => void warned.push(message), child: () => logger } as unknown as Logger;
  const config = configFor('events', 4004, { EVENTS_POLL_MS: '300' });
  const runtime = new ServiceRuntime(config.runtime, { entities: [], migrations: [] }, { logger });
  expect(warned).toEqual([expect.stringContaining('EVENTS_POLL_MS is deprecated')]);
  void runtime.eventlog.end();
});

test('introspection is on outside production; in production only where the service allows it', () => {
  expect(configFor('discussion', 4002).runtime.introspection).toBe(true);
  expect(configFor('discussion', 4002, { NODE_ENV: 'production', INTERNAL_AUTH_SECRET: 'x'.repeat(32) }).runtime.introspection).toBe(true);
  expect(configFor('membership', 4001, { NODE_ENV: 'production', INTERNAL_AUTH_SECRET: 'x'.repeat(32) }, false).runtime.introspection).toBe(false);
  expect(configFor('membership', 4001, { NODE_ENV: 'production', INTERNAL_AUTH_SECRET: 'x'.repeat(32), GRAPHQL_INTROSPECTION: 'true' }, false).runtime.introspection).toBe(true);
  expect(configFor('membership', 4001, {}, false).runtime.introspection).toBe(true);
});

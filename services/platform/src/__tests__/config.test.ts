import { z } from 'zod';
import { ConfigError, env, parseEnv } from '../config/env';

const schema = z.object({ PORT: env.port(4000), DATABASE_URL: env.postgresUrl(), ENABLED: env.bool(false), ORIGINS: env.list().default([]) });

test('defaults apply and values are typed', () => {
  expect(parseEnv(schema, { DATABASE_URL: 'postgres://x@y/z', ENABLED: 'yes', ORIGINS: 'a, b' })).toEqual({ PORT: 4000, DATABASE_URL: 'postgres://x@y/z', ENABLED: true, ORIGINS: ['a', 'b'] });
});

test('a wrong value names every offending variable', () => {
  let error: unknown;
  try {
    parseEnv(schema, { PORT: 'eighty', DATABASE_URL: 'mysql://nope' });
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).problems.map((problem) => problem.variable).sort()).toEqual(['DATABASE_URL', 'PORT']);
  expect((error as Error).message).toContain('DATABASE_URL: must be a postgres:// URL');
});

test('empty strings count as unset', () => {
  expect(parseEnv(schema, { PORT: '', DATABASE_URL: 'postgres://a/b' }).PORT).toBe(4000);
});

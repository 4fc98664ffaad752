import { ConfigError, DEVELOPMENT_INTERNAL_SECRET } from '@praxis/platform';
import { assertProductionProfile, parseStackEnv, productionProblems } from '../env';

const privateSettings = {
  DB_SERVICE_PASSWORD: 'a-private-database-password',
  INTERNAL_AUTH_SECRET: 'a-private-internal-secret-of-32-characters-or-more',
  RESOURCES_URL_SIGNING_SECRET: 'a-private-url-signing-secret-of-32-characters-or-more',
  AUTH_SIGNING_KEYS_FILE: '/etc/praxis/signing-keys.json',
  SECOND_FACTOR_ENCRYPTION_KEY: 'q5Lr9r8Jw0m1dVZ0nKkqZ4bQ5b7Yt0iXWc3sR2pT1aE=',
};

describe("npm start's production profile", () => {
  it('refuses the development settings, naming each variable', () => {
    const problems = productionProblems(parseStackEnv({ NODE_ENV: 'production' }));
    expect(problems.map((problem) => problem.variable)).toEqual(['DB_SERVICE_PASSWORD', 'INTERNAL_AUTH_SECRET', 'RESOURCES_URL_SIGNING_SECRET', 'AUTH_SIGNING_KEYS', 'SECOND_FACTOR_ENCRYPTION_KEY']);
    expect(() => assertProductionProfile(parseStackEnv({ NODE_ENV: 'production' }))).toThrow(ConfigError);
  });

  it('refuses development values set explicitly', () => {
    const value = parseStackEnv({ ...privateSettings, NODE_ENV: 'production', DB_SERVICE_PASSWORD: 'praxis-dev', INTERNAL_AUTH_SECRET: DEVELOPMENT_INTERNAL_SECRET });
    expect(productionProblems(value).map((problem) => problem.variable)).toEqual(['DB_SERVICE_PASSWORD', 'INTERNAL_AUTH_SECRET']);
  });

  it('starts with private settings and persistent signing keys, and seeds nothing by default', () => {
    const value = parseStackEnv({ ...privateSettings, NODE_ENV: 'production' });
    expect(productionProblems(value)).toEqual([]);
    expect(value.PRAXIS_SEED).toBe('none');
    expect(parseStackEnv({ ...privateSettings, NODE_ENV: 'production', AUTH_SIGNING_KEYS_FILE: undefined, AUTH_SIGNING_KEYS: '[]' }).PRAXIS_SEED).toBe('none');
  });

  it('keeps development working with no settings at all', () => {
    const value = parseStackEnv({});
    expect(productionProblems(value)).toEqual([]);
    expect(value.PRAXIS_SEED).toBe('demo');
    expect(parseStackEnv({ NODE_ENV: 'production', PRAXIS_SEED: 'demo' }).PRAXIS_SEED).toBe('demo');
  });
});

import { ConfigError, parseEnv } from '@praxis/platform';
import { DEVELOPMENT_URL_SIGNING_SECRET, resourcesConfig, resourcesEnv } from '../env';

const internal = { INTERNAL_AUTH_SECRET: 'a-private-internal-secret-of-32-characters-or-more' };

describe('the URL signing secret in production', () => {
  it('refuses the committed development value, whether defaulted or set', () => {
    for (const secret of [undefined, DEVELOPMENT_URL_SIGNING_SECRET]) {
      const value = parseEnv(resourcesEnv, { ...internal, NODE_ENV: 'production', RESOURCES_URL_SIGNING_SECRET: secret });
      expect(() => resourcesConfig(value)).toThrow(ConfigError);
      expect(() => resourcesConfig(value)).toThrow(/RESOURCES_URL_SIGNING_SECRET: must be set to a private value in production/);
    }
  });

  it('accepts a private value in production, and the development value in development', () => {
    const production = parseEnv(resourcesEnv, { ...internal, NODE_ENV: 'production', RESOURCES_URL_SIGNING_SECRET: 'a-private-url-signing-secret-of-32-characters' });
    expect(resourcesConfig(production).files.signingSecret).toBe('a-private-url-signing-secret-of-32-characters');
    expect(resourcesConfig(parseEnv(resourcesEnv, {})).files.signingSecret).toBe(DEVELOPMENT_URL_SIGNING_SECRET);
  });
});

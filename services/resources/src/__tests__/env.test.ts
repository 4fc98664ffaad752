import { ConfigError } from '@praxis/platform';
import { DEVELOPMENT_URL_SIGNING_SECRET } from '../env';
import { service } from '../index';

const internal = { INTERNAL_AUTH_SECRET: 'a-private-internal-secret-of-32-characters-or-more' };

describe('the URL signing secret in production', () => {
  it('refuses the committed development value, whether defaulted or set', () => {
    for (const secret of [undefined, DEVELOPMENT_URL_SIGNING_SECRET]) {
      const value = { ...internal, NODE_ENV: 'production', RESOURCES_URL_SIGNING_SECRET: secret };
      expect(() => service.configFrom(value)).toThrow(ConfigError);
      expect(() => service.configFrom(value)).toThrow(/RESOURCES_URL_SIGNING_SECRET: must be set to a private value in production/);
    }
  });

  it('accepts a private value in production, and the development value in development', () => {
    const production = { ...internal, NODE_ENV: 'production', RESOURCES_URL_SIGNING_SECRET: 'a-private-url-signing-secret-of-32-characters' };
    expect(service.configFrom(production).files.signingSecret).toBe('a-private-url-signing-secret-of-32-characters');
    expect(service.configFrom({}).files.signingSecret).toBe(DEVELOPMENT_URL_SIGNING_SECRET);
  });
});

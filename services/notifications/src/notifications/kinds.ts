import { NOTIFICATION_KINDS } from '../entities';
import { DEFAULT_CHANNELS } from './delivery/channels';

export { channelFor, DEFAULT_CHANNELS, DIGEST_DEFAULTS } from './delivery/channels';

/** The digest's time zone for a member in no community yet. */
export const FALLBACK_TIME_ZONE = 'UTC';

/**
 * SQL that is true when the preferences row `alias` sends no email at all: no kind is EMAIL
 * (its override, else its default) and the digest is off. Kinds are constants, never input.
 */
export function receivesNoEmailSql(alias: string): string {
  const kinds = NOTIFICATION_KINDS.map((kind) => `coalesce(${alias}.channels ->> '${kind}', '${DEFAULT_CHANNELS[kind]}') <> 'EMAIL'`);
  return `(${alias}.digest_frequency = 'OFF' AND ${kinds.join(' AND ')})`;
}

import { z } from 'zod';
import { isUuid, PARTICIPANT_TYPES, text } from '@praxis/platform';

const { trimmed } = text;

export const emailSchema = z
  .string()
  .transform((value) => value.trim())
  .pipe(z.email('Enter a valid email address.').max(254, 'Enter a valid email address.'));

export const passwordSchema = z
  .string()
  .min(12, 'Use at least 12 characters.')
  .max(200, 'Use at most 200 characters.');

export const handleSchema = z
  .string()
  .transform((value) => value.trim().replace(/^@/, '').toLowerCase())
  .pipe(z.string().regex(/^[a-z0-9_]{3,30}$/, 'Use 3 to 30 lower-case letters, digits or underscores.'));

export const slugSchema = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .pipe(z.string().max(60, 'Use at most 60 characters.').regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lower-case letters, digits and single hyphens.'));

export const displayNameSchema = trimmed(1, 80, 'Display name');
export const participantTypeSchema = z.enum(PARTICIPANT_TYPES);
export const uuidSchema = z.uuid('Not a valid id.');

export const timeZoneSchema = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}, 'Use an IANA time zone such as Australia/Perth.');

export { text };

export { isUuid };

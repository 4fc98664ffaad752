import { z } from 'zod';
import { PARTICIPANT_TYPES } from '@praxis/platform';

const trimmed = (min: number, max: number, what: string) =>
  z
    .string()
    .transform((value) => value.trim())
    .pipe(z.string().min(min, min === 1 ? `${what} cannot be empty.` : `${what} needs at least ${min} characters.`).max(max, `${what} can have at most ${max} characters.`));

/** An optional free-text field: blank means "none". */
const optionalText = (max: number, what: string) =>
  z
    .string()
    .transform((value) => value.trim())
    .pipe(z.string().max(max, `${what} can have at most ${max} characters.`))
    .transform((value) => (value === '' ? null : value))
    .nullish();

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

export const text = { trimmed, optional: optionalText };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from clients: anything that is not a UUID cannot name a row, and must not reach SQL as one. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

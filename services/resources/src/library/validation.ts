import { z } from 'zod';
import { isUuid, resourcesContracts, text } from '@praxis/platform';

export { isUuid };

export const MAX_TOPICS = 10;
export const MAX_TAGS = 10;
export const MAX_COLLECTION_ITEMS = 100;
export const MAX_TAGS_PER_COMMUNITY = 200;
export const MAX_EVENT_LINKS = 20;
export const MAX_SEARCH_LENGTH = 200;

const { trimmed } = text;

export { text };

/** A client-given id; a malformed one is reported on its field instead of reaching SQL. */
export const idSchema = z.string().refine(isUuid, 'Not a valid id.');

/**
 * The id of what a mutation acts on: a malformed one is NOT_FOUND like an unknown one (ADR 8),
 * so it is only checked where it is looked up, which keeps it out of SQL.
 */
export const targetIdSchema = z.string();

/**
 * Only http and https: anything else (javascript:, data:, file:, ftp:) is refused, and so are
 * URLs with credentials in them, which would leak when shown.
 */
export const urlSchema = z
  .string()
  .transform((value) => value.trim())
  .pipe(
    z
      .string()
      .max(2000, 'Use a URL of at most 2,000 characters.')
      .refine((value) => {
        try {
          const url = new URL(value);
          return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && url.username === '' && url.password === '' && !/\s/.test(value);
        } catch {
          return false;
        }
      }, 'Use an http or https URL, such as https://example.org/toolkit.'),
  );

export const languageSchema = z
  .string()
  .transform((value) => value.trim())
  .pipe(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Use a language tag such as en or en-AU.'));

export const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date such as 2018-03-31.')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'Use a date that exists, such as 2018-03-31.');

export const kindSchema = z.enum(resourcesContracts.RESOURCE_KINDS);
export const audienceSchema = z.enum(['STAFF', 'CONSUMERS_AND_CARERS', 'EVERYONE']);

const idList = (max: number, what: string) =>
  z
    .array(idSchema)
    .max(max, `Choose at most ${max} ${what}.`)
    .refine((ids) => new Set(ids).size === ids.length, `Choose each of the ${what} once.`);

export const topicIdsSchema = idList(MAX_TOPICS, 'topics');
export const tagIdsSchema = idList(MAX_TAGS, 'tags');

export const titleSchema = trimmed(1, 200, 'Title');
export const summarySchema = z.string().max(4000, 'Summary can have at most 4,000 characters.').transform((value) => value.trim());

export const fileNameSchema = z
  .string()
  .transform((value) => value.trim())
  .pipe(
    z
      .string()
      .min(1, 'File name cannot be empty.')
      .max(200, 'File name can have at most 200 characters.')
      // Path separators and control characters have no place in a name shown and sent back.
      .refine((value) => !/[\\/\u0000-\u001f\u007f]/.test(value), 'Use a plain file name, without folders.'),
  );

import { z } from 'zod';
import { isUuid, text } from '@praxis/platform';

export { isUuid };

export const LIMITS = {
  title: 200,
  body: 20_000,
  tags: 10,
  tag: 40,
  reason: 1_000,
  forumName: 120,
  forumDescription: 2_000,
  idempotencyKey: 100,
  searchQuery: 200,
  forumsPerReorder: 500,
  heldPosts: 50,
} as const;

export const titleSchema = text.trimmed(1, LIMITS.title, 'A title');
export const reasonSchema = text.trimmed(1, LIMITS.reason, 'A reason');
export const forumNameSchema = text.trimmed(1, LIMITS.forumName, 'A forum name');

/** Bodies are kept exactly as written; only their size and that they say something are checked. */
export const bodySchema = z
  .string()
  .max(LIMITS.body, `A post can have at most ${LIMITS.body.toLocaleString('en')} characters.`)
  .refine((value) => value.trim().length > 0, 'A post cannot be empty.');

export const tagsSchema = z
  .array(
    z
      .string()
      .transform((value) => value.trim().toLowerCase().replace(/^#/, ''))
      .pipe(z.string().regex(new RegExp(`^[a-z0-9][a-z0-9-]{0,${LIMITS.tag - 1}}$`), `Use 1 to ${LIMITS.tag} lower-case letters, digits and hyphens.`)),
  )
  .max(LIMITS.tags, `A thread can have at most ${LIMITS.tags} tags.`)
  .transform((tags) => [...new Set(tags)]);

export const idempotencyKeySchema = z
  .string()
  .regex(new RegExp(`^[A-Za-z0-9._:-]{1,${LIMITS.idempotencyKey}}$`), `Use 1 to ${LIMITS.idempotencyKey} letters, digits and . _ : -`);

export const optionalDescription = text.optional(LIMITS.forumDescription, 'A description');

import { z } from 'zod';

/**
 * The discussion service's own settings: none yet. The shared ones (NODE_ENV, LOG_*, HOST,
 * DISCUSSION_PORT, DISCUSSION_DATABASE_URL, MEMBERSHIP_INTERNAL_URL…) are defined once in platform.
 */
export const discussionEnv = z.object({});

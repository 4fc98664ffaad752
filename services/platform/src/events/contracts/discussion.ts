import { z } from 'zod';
import { defineEvent } from '../envelope';

const PUBLISHER = 'discussion';
const id = z.uuid();

/** A thread's lifecycle, with the community that owns it. */
export const ThreadChanged = defineEvent(PUBLISHER, 'discussion.ThreadChanged', 1, z.object({
  threadId: id,
  forumId: id,
  networkId: id,
  communityId: id,
  change: z.enum(['CREATED', 'MOVED', 'DELETED']),
}));

export const discussionEvents = { ThreadChanged };

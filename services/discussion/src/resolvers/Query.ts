import { pageRequest } from '@praxis/platform';
import type { QueryResolvers } from '../__generated__/resolvers';
import { isUuid } from '../discussion/validation';
import { canSeeItem } from '../discussion/visibility';

export const Query: QueryResolvers = {
  discussionForum: async (_parent, { id }, { loaders, access }) => {
    const forum = isUuid(id) ? await loaders.forum.load(id) : null;
    if (!forum || forum.kind !== 'FORUM') return null;
    await access.requireRead(forum.communityId);
    return forum;
  },
  discussionThread: async (_parent, { id }, { loaders, access }) => {
    const thread = isUuid(id) ? await loaders.thread.load(id) : null;
    if (!thread) return null;
    const rights = await access.requireRead(thread.communityId);
    return canSeeItem(thread, access.viewer.memberId, rights) ? thread : null;
  },
  discussionPost: async (_parent, { id }, { loaders, access }) => {
    const post = isUuid(id) ? await loaders.post.load(id) : null;
    if (!post) return null;
    const rights = await access.requireRead(post.communityId);
    const thread = await loaders.thread.load(post.threadId);
    return thread && canSeeItem(thread, access.viewer.memberId, rights) && canSeeItem(post, access.viewer.memberId, rights) ? post : null;
  },
  discussionSearch: (_parent, { query, filter, first, after }, { domain, access }) => domain.search.search(access, query, filter ?? {}, pageRequest({ first, after }, 2)),
};

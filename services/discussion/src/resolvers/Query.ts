import { pageRequest } from '@praxis/platform';
import type { QueryResolvers } from '../__generated__/resolvers';
import { isUuid } from '../discussion/validation';
import { canSeeItem } from '../discussion/visibility';

export const Query: QueryResolvers = {
  discussionForum: async (_parent, { id }, { loaders, access }) => {
    const forum = isUuid(id) ? await loaders.forum.load(id) : null;
    if (!forum || forum.kind !== 'FORUM') return null;
    return (await access.readOrNull(forum.communityId)) ? forum : null;
  },
  discussionThread: async (_parent, { id }, { loaders, access }) => {
    const thread = isUuid(id) ? await loaders.thread.load(id) : null;
    const rights = thread ? await access.readOrNull(thread.communityId) : null;
    return thread && rights && canSeeItem(thread, access.viewer.memberId, rights) ? thread : null;
  },
  discussionPost: async (_parent, { id }, { loaders, access }) => {
    const post = isUuid(id) ? await loaders.post.load(id) : null;
    const rights = post ? await access.readOrNull(post.communityId) : null;
    if (!post || !rights) return null;
    const thread = await loaders.thread.load(post.threadId);
    return thread && canSeeItem(thread, access.viewer.memberId, rights) && canSeeItem(post, access.viewer.memberId, rights) ? post : null;
  },
  discussionSearch: (_parent, { query, filter, first, after }, { domain, access }) => domain.search.search(access, query, filter ?? {}, pageRequest({ first, after }, 2)),
};

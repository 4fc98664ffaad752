import { pageRequest } from '@praxis/platform';
import type { DiscussionForumResolvers } from '../__generated__/resolvers';

export const DiscussionForum: DiscussionForumResolvers = {
  community: (forum) => ({ id: forum.communityId }),
  archived: (forum) => forum.archivedAt !== null,
  threads: async (forum, args, { access, loaders }) => {
    const rights = await access.community(forum.communityId);
    const order = args.orderBy ?? 'ACTIVITY';
    return loaders.threadsOf.load({
      parent: { id: forum.id, moderator: Boolean(rights?.canModerate) },
      options: { order },
      page: pageRequest(args, order === 'ACTIVITY' ? 3 : 2),
    });
  },
  viewerFollowing: (forum, _args, { loaders }) => loaders.forumFollowing.load(forum.id),
  viewerUnreadThreadCount: (forum, _args, { loaders }) => loaders.forumUnread.load(forum.id),
};

import { pageRequest } from '@praxis/platform';
import type { MemberResolvers } from '../__generated__/resolvers';

/** What a member wrote, limited by the loaders to communities the viewer may read. */
export const Member: MemberResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  discussionThreads: (member, args, { loaders }) => loaders.threadsBy.load({ parent: member.id, options: null, page: pageRequest(args, 2) }),
  discussionPosts: (member, args, { loaders }) => loaders.postsBy.load({ parent: member.id, options: null, page: pageRequest(args, 2) }),
  discussionActivity: (member, _args, { loaders }) => loaders.activity.load(member.id),
};

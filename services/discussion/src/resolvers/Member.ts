import { pageRequest, type Connection } from '@praxis/platform';
import type { MemberResolvers } from '../__generated__/resolvers';
import { isUuid } from '../discussion/validation';

const none = <T>(): Connection<T> => ({ edges: [], nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });

/** What a member wrote, limited by the loaders to communities the viewer may read. */
export const Member: MemberResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  discussionThreads: (member, args, { loaders }) => {
    const page = pageRequest(args, 2);
    return isUuid(member.id) ? loaders.threadsBy.load({ parent: member.id, options: null, page }) : none();
  },
  discussionPosts: (member, args, { loaders }) => {
    const page = pageRequest(args, 2);
    return isUuid(member.id) ? loaders.postsBy.load({ parent: member.id, options: null, page }) : none();
  },
  discussionActivity: (member, _args, { loaders }) => loaders.activity.load(member.id),
};

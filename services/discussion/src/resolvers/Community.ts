import { errors, pageRequest } from '@praxis/platform';
import type { CommunityResolvers } from '../__generated__/resolvers';
import type { Context } from '../context';
import { isUuid } from '../discussion/validation';
import { adminHomeCommunity } from './AdminHome';

const known = (id: string) => {
  if (!isUuid(id)) throw errors.notFound('Community');
  return id;
};

/** Discussion's fields on membership's Community; each checks the viewer's rights there, live. */
export const Community: CommunityResolvers = {
  ...adminHomeCommunity,
  __resolveReference: (reference) => ({ id: reference.id }),
  discussionForums: async (community, args, { access, loaders }) => {
    await access.requireRead(known(community.id));
    return loaders.forumsOf.load({ parent: community.id, options: { includeArchived: args.includeArchived ?? false }, page: pageRequest(args, 2) });
  },
  recentDiscussionThreads: async (community, args, { access, loaders }) => {
    await access.requireRead(known(community.id));
    return loaders.recentThreadsOf.load({ parent: community.id, options: null, page: pageRequest(args, 2) });
  },
  viewerDiscussionUnread: async (community, _args, { access, loaders }) => {
    if (!access.viewer.memberId) return null;
    await access.requireRead(known(community.id));
    return loaders.communityUnread.load(community.id);
  },
  discussionSettings: async (community, _args, { access, loaders }) => {
    const rights = await access.requireRead(known(community.id));
    return (await loaders.settings.load(community.id)) ?? defaultSettings(community.id, rights.networkId);
  },
  discussionModerationQueue: async (community, args, { access, loaders }: Context) => {
    await access.requireModerate(known(community.id));
    const page = await loaders.queueOf.load({ parent: community.id, options: null, page: pageRequest(args, 2) });
    const items = page.nodes.map((post) => ({ post, waitingSince: post.attentionSince! }));
    return { ...page, nodes: items, edges: page.edges.map((edge, index) => ({ cursor: edge.cursor, node: items[index]! })) };
  },
  discussionAuditLog: async (community, args, { access, loaders }) => {
    await access.requireCoordinate(known(community.id));
    return loaders.auditLogOf.load({ parent: community.id, options: null, page: pageRequest(args, 2) });
  },
};

function defaultSettings(communityId: string, networkId: string) {
  return { communityId, networkId, preModerationPosts: 0, updatedAt: new Date(0), updatedBy: null };
}

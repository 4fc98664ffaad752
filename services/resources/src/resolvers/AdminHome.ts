import type { CommunityResolvers } from '../__generated__/resolvers';
import type { Context } from '../context';

/** The counts, when the viewer may curate the community; one batch each for every community of the request. */
async function countsFor(communityId: string, { access, loaders }: Context) {
  const rights = await access.community(communityId);
  return rights?.canModerate ? loaders.libraryQueueCounts.load(communityId) : null;
}

/** What waits for curators in a community's library, for the admin app's home screen. */
export const adminHomeCommunity: Pick<CommunityResolvers, 'libraryCurationQueueCount' | 'brokenResourceLinkCount'> = {
  libraryCurationQueueCount: async (community, _args, context) => (await countsFor(community.id, context))?.curation ?? null,
  brokenResourceLinkCount: async (community, _args, context) => (await countsFor(community.id, context))?.broken ?? null,
};

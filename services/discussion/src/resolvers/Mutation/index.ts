import type { MutationResolvers } from '../../__generated__/resolvers';
import { engagementMutations } from './engagement';
import { forumMutations } from './forums';
import { moderationMutations } from './moderation';
import { postingMutations } from './posting';

export const Mutation: MutationResolvers = {
  ...forumMutations,
  ...postingMutations,
  ...engagementMutations,
  ...moderationMutations,
};

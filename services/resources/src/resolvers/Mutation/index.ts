import type { MutationResolvers } from '../../__generated__/resolvers';
import { curationMutations } from './curation';
import { engagementMutations } from './engagement';
import { resourceMutations } from './resources';

export const Mutation: MutationResolvers = {
  ...resourceMutations,
  ...curationMutations,
  ...engagementMutations,
};

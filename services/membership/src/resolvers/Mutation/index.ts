import type { MutationResolvers } from '../../__generated__/resolvers';
import { accountMutations } from './accounts';
import { communityMutations } from './communities';
import { joiningMutations } from './joining';
import { networkMutations } from './networks';
import { rosterMutations } from './roster';
import { secondFactorMutations } from '../SecondFactor';
import { sessionMutations } from '../Session';

export const Mutation: MutationResolvers = {
  ...accountMutations,
  ...networkMutations,
  ...communityMutations,
  ...joiningMutations,
  ...rosterMutations,
  ...secondFactorMutations,
  ...sessionMutations,
};

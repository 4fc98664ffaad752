import type { MutationResolvers } from '../../__generated__/resolvers';
import { eventMutations } from './events';
import { registrationMutations } from './registrations';

export const Mutation: MutationResolvers = { ...eventMutations, ...registrationMutations };

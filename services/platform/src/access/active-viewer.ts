import type { ApolloServerPlugin } from '@apollo/server';
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import { DomainError } from '../errors/domain-error';
import type { RequestBase } from '../server/plugins';
import type { Access } from './access';

/** What a deleted account's still-valid token is told, in the gateway and in every subgraph. */
export const ACCOUNT_DELETED_MESSAGE = 'This account has been deleted. Its sessions and tokens no longer work.';

/**
 * One process-wide batcher for "has this member deleted their account?": every request that
 * asks in the same tick shares one round trip, and nothing is cached, so a deletion counts from
 * the very next question. Used by the gateway and by every access source.
 */
export function deletedMemberBatcher(lookup: (ids: string[]) => Promise<string[]>): (memberId: string) => Promise<boolean> {
  const loader = new DataLoader<string, boolean>(
    async (ids) => {
      const deleted = new Set(await lookup([...ids]));
      return ids.map((id) => deleted.has(id));
    },
    { cache: false, maxBatchSize: 500 },
  );
  return (memberId) => loader.load(memberId);
}

/**
 * Refuses, in every subgraph, a signed-in viewer whose account was deleted after the gateway
 * let the request through (a request in flight, or a viewer statement up to a minute old).
 *
 * A mutation asks before anything executes, so a deleted member's write never begins. A query
 * asks apart only where permission answers do not already carry the answer: over HTTP, every
 * answer membership gives about a viewer says whether their account was deleted, so the query's
 * first permission check refuses it without a round trip of its own (the permission checks are
 * what a query costs membership, and the statement tests hold them to one call).
 */
export function activeViewerPlugin(): ApolloServerPlugin<RequestBase> {
  return {
    async requestDidStart({ contextValue }) {
      // Every service's context carries its access client; one without has nothing to guard.
      const access = (contextValue as RequestBase & { access?: Access }).access;
      if (!access?.viewer.memberId) return {};
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'mutation' && access.answersCarryDeletion) return;
          try {
            await access.requireActiveViewer();
          } catch (error) {
            throw refusal(error);
          }
        },
        async willSendResponse({ response }) {
          // A query refused by a permission answer: the whole response is refused, as above.
          if (response.body.kind !== 'single') return;
          const deleted = response.body.singleResult.errors?.find((error) => error.extensions?.reason === 'ACCOUNT_DELETED');
          if (!deleted) return;
          response.body.singleResult.data = null;
          response.body.singleResult.errors = [deleted];
          response.http.status = 401;
        },
      };
    },
  };
}

function refusal(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  // Like a forged viewer statement: refused outright, with the status that says so.
  if (error.code === 'UNAUTHENTICATED') return new GraphQLError(error.message, { extensions: { code: error.code, reason: error.reason, http: { status: 401 } } });
  // Membership could not say (SUBGRAPH_UNAVAILABLE): the operation is refused before it writes
  // anything, with 200, because the gateway takes an error status as this subgraph failing and
  // would blame it, and trip its breaker, for membership being down.
  return new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 200 } } });
}

import type { ApolloServerPlugin } from '@apollo/server';
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import { DomainError } from '../errors/domain-error';
import type { RequestBase } from '../server/plugins';
import type { Access } from './access';

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
 * The check starts as soon as the request arrives, so it overlaps parsing and validation, and
 * is awaited before anything executes, so a deleted member's write never begins.
 */
export function activeViewerPlugin(): ApolloServerPlugin<RequestBase> {
  return {
    async requestDidStart({ contextValue }) {
      // Every service's context carries its access client; one without has nothing to guard.
      const check = (contextValue as RequestBase & { access?: Access }).access?.requireActiveViewer();
      // Awaited below; until then a rejection must not count as unhandled.
      check?.catch(() => undefined);
      return {
        async didResolveOperation() {
          try {
            await check;
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            // Like a forged viewer statement: refused outright, with the status that says so.
            throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
          }
        },
      };
    },
  };
}

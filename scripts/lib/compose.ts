import { composeServices, type CompositionResult } from '@apollo/composition';
import { parse } from 'graphql';

/** A subgraph to compose: its name, the URL the supergraph records, and its whole SDL. */
export interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

/**
 * Composes subgraphs into the supergraph with @apollo/composition. `npm run compose` and the
 * subgraph guide's test both call this, so the guide's example composes as the real graph does.
 */
export function composeSubgraphs(subgraphs: SubgraphSdl[]): CompositionResult {
  return composeServices(subgraphs.map((subgraph) => ({ name: subgraph.name, url: subgraph.url, typeDefs: parse(subgraph.sdl) })));
}

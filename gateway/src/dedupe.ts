import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { Viewer } from '@praxis/platform';
import type { GatewayContext } from './context';
import { PraxisDataSource } from './datasource';

type Response = Awaited<ReturnType<PraxisDataSource['process']>>;

/**
 * Runs one piece of work per key at a time: callers that ask for a key already in flight wait for
 * that call and each receive their own deep copy of its answer, taken before anyone resumes,
 * because the gateway merges later fetches into the objects an answer holds.
 */
export class InFlight<T> {
  private readonly running = new Map<string, { followers: { resolve: (value: T) => void; reject: (error: unknown) => void }[] }>();

  constructor(private readonly copy: (value: T) => T) {}

  get size(): number {
    return this.running.size;
  }

  run(key: string, work: () => Promise<T>): Promise<T> {
    const existing = this.running.get(key);
    if (existing) return new Promise<T>((resolve, reject) => existing.followers.push({ resolve, reject }));
    const entry = { followers: [] as { resolve: (value: T) => void; reject: (error: unknown) => void }[] };
    this.running.set(key, entry);
    return work().then(
      (value) => {
        this.running.delete(key);
        for (const follower of entry.followers) follower.resolve(this.copy(value));
        return value;
      },
      (error: unknown) => {
        this.running.delete(key);
        for (const follower of entry.followers) follower.reject(error);
        throw error;
      },
    );
  }
}

/**
 * Who the subgraph is told the viewer is, less what differs from one request of theirs to the
 * next (request id, address, user agent, signing time): two requests share an answer only when
 * the subgraph would see the same member, session, sign-in kind and scopes.
 */
export function viewerKey(viewer: Viewer): string {
  if (!viewer.memberId) return 'anonymous';
  return JSON.stringify([viewer.memberId, viewer.sessionId ?? null, viewer.source, [...viewer.scopes].sort()]);
}

/** A subgraph operation the gateway wrote: `query …` or `{ … }`, never `mutation …` or `subscription …`. */
const READ_ONLY = /^\s*(query\b|\{)/;

/**
 * The key of a subgraph call that may share an in-flight answer, or undefined when it must go on
 * its own: only queries inside an incoming query (never anything a mutation runs, not even its
 * follow-up entity fetches), keyed on the subgraph's query text, its variables and the viewer.
 */
export function dedupeKey(options: GraphQLDataSourceProcessOptions<GatewayContext>): string | undefined {
  if (options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION) return undefined;
  if (options.incomingRequestContext.operation?.operation !== 'query') return undefined;
  const { query, variables } = options.request;
  const viewer = options.context?.viewer;
  if (!query || !viewer || !READ_ONLY.test(query)) return undefined;
  return `${viewerKey(viewer)}\n${query}\n${JSON.stringify(variables ?? {})}`;
}

const copyResponse = (response: Response): Response => {
  const { http, ...body } = response;
  return { ...structuredClone(body), ...(http ? { http } : {}) } as Response;
};

/**
 * A subgraph data source that sends identical queries of the same viewer once while one is in
 * flight: a page many people open at once costs the subgraph one call per moment, not one per
 * reader. Nothing is kept after the answer arrives, so the next request asks afresh.
 */
export class DedupingDataSource extends PraxisDataSource {
  private readonly inFlight = new InFlight<Response>(copyResponse);

  override process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<Response> {
    const key = dedupeKey(options);
    if (key === undefined) return super.process(options);
    return this.inFlight.run(key, () => super.process(options));
  }
}

import { ANONYMOUS, memberViewer, type Viewer } from '../identity/viewer';
import type { Clock } from '../clock';
import type { RunningService, ServiceModule } from '../server/service-module';
import { resetDatabase } from './database';

/** What an operation run in-process answers. */
export interface Result<T = Record<string, unknown>> {
  data?: T | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown>; path?: readonly (string | number)[] }[];
}

/** Who runs an operation: a Viewer, anything with a member id (a factory-made member), or nobody (anonymous). */
export type AsViewer = Viewer | { id: string } | null | undefined;

export function asViewer(viewer: AsViewer): Viewer {
  if (!viewer) return ANONYMOUS;
  return 'scopes' in viewer ? viewer : memberViewer(viewer.id);
}

type Executable = RunningService & { server: { execute(query: string, variables?: Record<string, unknown>, viewer?: Viewer): Promise<Result> } };

/**
 * What a service package's `testing` module exports so that any test can start it: the service,
 * its test settings, and its factories. `factoriesKey` names where a test that starts it as a
 * dependency finds those factories (membership's are `people`).
 */
export interface TestSubgraph<Name extends string = string, Config = never, Running extends Executable = Executable, Factories = unknown, Key extends string = never> {
  name: Name;
  service: Pick<ServiceModule<never, Config, Running>, 'name' | 'schema' | 'jobSchema' | 'start'>;
  testConfig(options: { smtpUrl?: string; env?: Record<string, string> }): Promise<Config>;
  factories(running: Running, started: Record<string, RunningService>): Factories;
  factoriesKey?: Key;
}

/** Names the descriptor's types from its parts. */
export function testSubgraph<Name extends string, Config, Running extends Executable, Factories, Key extends string = never>(
  descriptor: TestSubgraph<Name, Config, Running, Factories, Key>,
): TestSubgraph<Name, Config, Running, Factories, Key> {
  return descriptor;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyTestSubgraph = TestSubgraph<string, any, any, any, any>;
type RunningOf<S> = S extends TestSubgraph<string, infer _C, infer R, infer _F, infer _K> ? R : never;
type FactoriesOf<S> = S extends TestSubgraph<string, infer _C, infer _R, infer F, infer _K> ? F : never;
type Dependency<S> = S extends TestSubgraph<infer N, infer _C, infer R, infer F, infer K> ? { [P in N]: R } & { [P in K]: F } : never;
type Intersect<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void ? I : never;

export type SubgraphTest<S extends AnyTestSubgraph, Deps extends readonly AnyTestSubgraph[] = []> = {
  running: RunningOf<S>;
  factories: FactoriesOf<S>;
  /** Runs an operation against the service under test, in-process, as the viewer. */
  run<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, viewer?: AsViewer): Promise<Result<T>>;
  stop(): Promise<void>;
} & ([Deps[number]] extends [never] ? unknown : Intersect<Dependency<Deps[number]>>);

export interface SubgraphTestOptions<Deps extends readonly AnyTestSubgraph[]> {
  /** The services it needs, started first, in this order (membership before those that ask it). */
  with?: Deps;
  /** Settings for the service under test. */
  env?: Record<string, string>;
  /** Where the service under test sends email. */
  smtpUrl?: string;
  /** Time the service under test runs on, for tests that move it. */
  clock?: Clock;
}

/**
 * Starts a subgraph in this process for a test, with the services it needs, on this worker's
 * database emptied first for each of them. Membership's internal URL reaches those started after it.
 */
export async function startSubgraphTest<S extends AnyTestSubgraph, const Deps extends readonly AnyTestSubgraph[] = []>(
  subgraph: S,
  options: SubgraphTestOptions<Deps> = {},
): Promise<SubgraphTest<S, Deps>> {
  const dependencies = options.with ?? ([] as unknown as Deps);
  await resetDatabase([...dependencies, subgraph].map((entry) => entry.service));
  const started: Record<string, RunningService> = {};
  const stopAll = async () => {
    for (const running of Object.values(started).reverse()) await running.stop();
  };
  const shared: Record<string, string> = {};
  const start = async (entry: AnyTestSubgraph, own: { env?: Record<string, string>; smtpUrl?: string; clock?: Clock }) => {
    const config = await entry.testConfig({ smtpUrl: own.smtpUrl, env: { ...shared, ...own.env } });
    const running = (await entry.service.start(config, own.clock ? { clock: own.clock } : undefined)) as Executable;
    started[entry.name] = running;
    if (entry.name === 'membership') shared.MEMBERSHIP_INTERNAL_URL = (running as { internalUrl?: string }).internalUrl ?? running.url;
    return running;
  };
  try {
    const kit: Record<string, unknown> = {};
    for (const dependency of dependencies) {
      const running = await start(dependency, {});
      kit[dependency.name] = running;
      if (dependency.factoriesKey) kit[dependency.factoriesKey] = dependency.factories(running, started);
    }
    const running = await start(subgraph, options);
    return Object.assign(kit, {
      running,
      factories: subgraph.factories(running, started),
      run: (query: string, variables?: Record<string, unknown>, viewer?: AsViewer) => running.server.execute(query, variables, asViewer(viewer)),
      stop: stopAll,
    }) as unknown as SubgraphTest<S, Deps>;
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}

/** The code of the first error, or 'OK'. */
export function outcome(result: { errors?: readonly { extensions?: Record<string, unknown> }[] | null }): string {
  return (result.errors?.[0]?.extensions?.code as string | undefined) ?? 'OK';
}

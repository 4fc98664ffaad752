import { loadServiceModules, type Viewer } from '@praxis/platform';
import { resetDatabase } from '@praxis/platform/testing';
import { startMembership, type RunningMembership } from '../index';
import { MembershipFactories, membershipTestConfig } from '../testing';

export interface Result<T = Record<string, unknown>> {
  data?: T | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown>; path?: readonly (string | number)[] }[];
}

export interface MembershipTest {
  running: RunningMembership;
  factories: MembershipFactories;
  /** Runs an operation against the membership subgraph in-process, as the given viewer. */
  run<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, viewer?: Viewer): Promise<Result<T>>;
  stop(): Promise<void>;
}

/** Starts membership on this worker's database, emptied first, with fast test settings. */
export async function startMembershipTest(options: { smtpUrl?: string; env?: Record<string, string> } = {}): Promise<MembershipTest> {
  await resetDatabase(loadServiceModules());
  const running = await startMembership(await membershipTestConfig(options));
  return {
    running,
    factories: new MembershipFactories(running),
    run: (query, variables, viewer) => running.server.execute(query, variables, viewer) as never,
    stop: () => running.stop(),
  };
}

/** The code of the first error, or 'OK'. */
export function outcome(result: Result): string {
  return (result.errors?.[0]?.extensions?.code as string | undefined) ?? 'OK';
}

import { service as membershipService, startMembership, type RunningMembership } from '@praxis/membership';
import { MembershipFactories, membershipTestConfig } from '@praxis/membership/testing';
import { resetDatabase } from '@praxis/platform/testing';
import type { Viewer } from '@praxis/platform';
import { service, startEvents, type RunningEvents } from '../index';
import { EventsFactories, eventsTestConfig } from '../testing';

export interface Harness {
  membership: RunningMembership;
  events: RunningEvents;
  people: MembershipFactories;
  factories: EventsFactories;
  /** Runs an operation against the events subgraph in-process, as a viewer. */
  run<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, viewer?: Viewer | { id: string } | null): Promise<{ data?: T | null; errors?: readonly { message: string; extensions?: Record<string, unknown>; path?: readonly (string | number)[] }[] }>;
  stop(): Promise<void>;
}

/** Membership (for live permission checks) and events, in this process, on a clean database. */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  await resetDatabase([membershipService, service]);
  const membership = await startMembership(await membershipTestConfig());
  const events = await startEvents(await eventsTestConfig({ env: { MEMBERSHIP_INTERNAL_URL: membership.url, ...env } }));
  const people = new MembershipFactories(membership);
  return {
    membership,
    events,
    people,
    factories: new EventsFactories(events),
    run: (query, variables, viewer) => {
      const asViewer = viewer === null || viewer === undefined ? undefined : 'scopes' in viewer ? viewer : people.viewer(viewer.id);
      return events.server.execute(query, variables, asViewer) as never;
    },
    async stop() {
      await events.stop();
      await membership.stop();
    },
  };
}

import { MembershipFactories, TEST_PASSWORD } from '@praxis/membership/testing';
import type { RunningMembership } from '@praxis/membership';
import type { RunningEvents } from '@praxis/events';
import { EventsFactories } from '@praxis/events/testing';
import { signIn, startStack, type Stack } from './harness';

let stack: Stack;
let people: MembershipFactories;
let events: EventsFactories;

beforeAll(async () => {
  stack = await startStack();
  people = new MembershipFactories(stack.services.membership as RunningMembership);
  events = new EventsFactories(stack.services.events as RunningEvents);
});
afterAll(() => stack?.stop());

async function tokenFor(member: { id: string }): Promise<string> {
  const account = (await people.domain.read.accounts([member.id]))[0]!;
  return (await signIn(stack, account.email, TEST_PASSWORD)).accessToken;
}

type Me = {
  me: {
    memberId: string;
    memberships: { nodes: { community: { name: string } }[] };
    cpdLog: { totalHours: number; entries: { nodes: { eventTitle: string }[] } };
    eventRegistrations: { nodes: { status: string; event: { title: string } }[] };
  };
};

test('everything about the viewer is under me: memberships, CPD log and registrations in one query', async () => {
  const community = await people.community({ name: 'Community Palliative Care Nurses' });
  const member = await people.memberOf(community, 'MEMBER', { displayName: 'Rosa Quint' });
  await events.attendedEvent(community, [member], { title: 'Pain assessment webinar', cpdHours: 1.5 });
  const upcoming = await events.event(community, { title: 'Family meetings workshop', kind: 'WORKSHOP', capacity: 1 });
  const token = await tokenFor(member);

  const registered = await stack.graphql<{ registerForEvent: { registration: { status: string }; seriesRegistrations: unknown[]; promotedCount: number } }>(
    `mutation ($id: ID!) { registerForEvent(input: { eventId: $id }) { registration { status } seriesRegistrations { id } promotedCount } }`,
    { id: upcoming.id },
    { token },
  );
  expect(registered.errors).toBeUndefined();
  expect(registered.data!.registerForEvent).toEqual({ registration: { status: 'REGISTERED' }, seriesRegistrations: [], promotedCount: 0 });

  const me = await stack.graphql<Me>(
    `{ me { memberId memberships(first: 5) { nodes { community { name } } } cpdLog { totalHours entries(first: 10) { nodes { eventTitle } } }
       eventRegistrations(first: 10) { nodes { status event { title } } } } }`,
    {},
    { token },
  );
  expect(me.errors).toBeUndefined();
  expect(me.data!.me).toEqual({
    memberId: member.id,
    memberships: { nodes: [{ community: { name: 'Community Palliative Care Nurses' } }] },
    cpdLog: { totalHours: 1.5, entries: { nodes: [{ eventTitle: 'Pain assessment webinar' }] } },
    eventRegistrations: { nodes: [{ status: 'REGISTERED', event: { title: 'Family meetings workshop' } }] },
  });

  // The deprecated paths answer the same, for clients not yet moved.
  const old = await stack.graphql<{ me: { member: { eventCpdLog: { totalHours: number }; eventRegistrations: { nodes: unknown[] } } } }>(
    `{ me { member { eventCpdLog { totalHours } eventRegistrations(first: 10) { nodes { status } } } } }`,
    {},
    { token },
  );
  expect(old.data!.me.member).toEqual({ eventCpdLog: { totalHours: 1.5 }, eventRegistrations: { nodes: [{ status: 'REGISTERED' }] } });

  // A place freed by a cancellation goes to the first person waiting, and the payload says so.
  const waiting = await people.memberOf(community);
  await events.register(upcoming, waiting);
  const cancelled = await stack.graphql<{ cancelEventRegistration: { registration: { status: string }; promotedCount: number } }>(
    `mutation ($id: ID!) { cancelEventRegistration(input: { eventId: $id }) { registration { status } promotedCount } }`,
    { id: upcoming.id },
    { token },
  );
  expect(cancelled.data).toEqual({ cancelEventRegistration: { registration: { status: 'CANCELLED' }, promotedCount: 1 } });

  // Signed out, there is no viewer to ask about.
  const anonymous = await stack.graphql(`{ me { cpdLog { totalHours } } }`);
  expect(anonymous.errors).toBeUndefined();
  expect(anonymous.data).toEqual({ me: null });
});

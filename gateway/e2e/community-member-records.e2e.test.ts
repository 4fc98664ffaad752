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

// The coordinator's member page: membership's community and roster entry, events' records of the member there.
const MEMBER_PAGE = `query ($id: ID!, $member: ID!) { community(id: $id) { name
  memberEventRegistrations(memberId: $member, first: 10) { nodes { status event { title } member { displayName } } }
  memberCpdLog(memberId: $member) { totalHours entries(first: 10) { nodes { eventTitle } } } } }`;

type MemberPage = {
  community: {
    name: string;
    memberEventRegistrations: { nodes: { status: string; event: { title: string }; member: { displayName: string } }[] } | null;
    memberCpdLog: { totalHours: number; entries: { nodes: { eventTitle: string }[] } } | null;
  };
};

test("a coordinator reads a member's registrations and CPD log in their community through the gateway; a member is refused the fields, not the community", async () => {
  const community = await people.community({ name: 'Wound Care Network' });
  const member = await people.memberOf(community, 'MEMBER', { displayName: 'Ada Hollis' });
  await events.attendedEvent(community, [member], { title: 'Dressings masterclass', cpdHours: 2 });
  await events.register(await events.event(community, { title: 'Pressure injuries webinar' }), member);

  const asCoordinator = await stack.graphql<MemberPage>(MEMBER_PAGE, { id: community.id, member: member.id }, { token: await tokenFor(community.coordinator) });
  expect(asCoordinator.errors).toBeUndefined();
  expect(asCoordinator.data!.community).toEqual({
    name: 'Wound Care Network',
    memberEventRegistrations: { nodes: [{ status: 'REGISTERED', event: { title: 'Pressure injuries webinar' }, member: { displayName: 'Ada Hollis' } }] },
    memberCpdLog: { totalHours: 2, entries: { nodes: [{ eventTitle: 'Dressings masterclass' }] } },
  });

  const other = await people.memberOf(community);
  const asMember = await stack.graphql<MemberPage>(MEMBER_PAGE, { id: community.id, member: member.id }, { token: await tokenFor(other) });
  expect(asMember.data!.community).toEqual({ name: 'Wound Care Network', memberEventRegistrations: null, memberCpdLog: null });
  expect(asMember.errors!.map((error) => [error.path?.join('.'), error.extensions?.code, error.extensions?.reason])).toEqual([
    ['community.memberEventRegistrations', 'FORBIDDEN', 'ROLE_REQUIRED'],
    ['community.memberCpdLog', 'FORBIDDEN', 'ROLE_REQUIRED'],
  ]);
});

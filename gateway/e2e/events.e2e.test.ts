import { MembershipFactories, TEST_PASSWORD } from '@praxis/membership/testing';
import type { RunningMembership } from '@praxis/membership';
import type { RunningEvents } from '@praxis/events';
import { EventsFactories } from '@praxis/events/testing';
import { request } from 'undici';
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

test('a community page shows upcoming events with their counts, speakers and organiser, across subgraphs', async () => {
  const community = await people.community({ visibility: 'MEMBERS_ONLY', name: 'Allied Health Assistant CPD' });
  const speaker = await people.memberOf(community, 'MEMBER', { displayName: 'Dana Speaker' });
  const member = await people.memberOf(community);
  const webinar = await events.event(community, { title: 'Handover toolkit webinar', capacity: 2, cpdHours: 1.5, speakers: [{ name: 'Dana Speaker', affiliation: 'Riverside Hospice', memberId: speaker.id }] });
  await events.event(community, { title: 'Later workshop', kind: 'WORKSHOP', localStart: '2040-01-10T10:00', localEnd: '2040-01-10T12:00' });
  await events.register(webinar, speaker);
  const token = await tokenFor(member);

  const registered = await stack.graphql<{ registerForEvent: { registrations: { status: string }[] } }>(
    `mutation ($id: ID!) { registerForEvent(input: { eventId: $id }) { registrations { status } } }`,
    { id: webinar.id },
    { token },
  );
  expect(registered.errors).toBeUndefined();
  expect(registered.data!.registerForEvent.registrations).toEqual([{ status: 'REGISTERED' }]);

  const page = await stack.graphql(
    `query ($id: ID!) { community(id: $id) { name memberCount upcomingEvents(first: 10) { nodes { title kind capacity registeredCount waitlistCount placesLeft cpdHours
       joinUrl viewerRegistration { status } organiser { displayName } speakers { name member { displayName } } community { name } } } } }`,
    { id: community.id },
    { token },
  );
  expect(page.errors).toBeUndefined();
  expect(page.data).toEqual({
    community: {
      name: 'Allied Health Assistant CPD',
      memberCount: 3,
      upcomingEvents: {
        nodes: [
          {
            title: 'Handover toolkit webinar',
            kind: 'WEBINAR',
            capacity: 2,
            registeredCount: 2,
            waitlistCount: 0,
            placesLeft: 0,
            cpdHours: 1.5,
            joinUrl: 'https://meet.example.org/webinar',
            viewerRegistration: { status: 'REGISTERED' },
            organiser: { displayName: 'Coordinator' },
            speakers: [{ name: 'Dana Speaker', member: { displayName: 'Dana Speaker' } }],
            community: { name: 'Allied Health Assistant CPD' },
          },
          expect.objectContaining({ title: 'Later workshop', registeredCount: 0, placesLeft: null, joinUrl: null, viewerRegistration: null }),
        ],
      },
    },
  });
  // Without a token the members-only programme stays closed.
  const anonymous = await stack.graphql(`query ($id: ID!) { community(id: $id) { name upcomingEvents { nodes { title } } } }`, { id: community.id });
  expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
});

test("a member's CPD log through the gateway, with a certificate that verifies", async () => {
  const community = await people.community({ name: 'Rural Hospice Palliative Care' });
  const member = await people.memberOf(community, 'MEMBER', { displayName: 'Iris Valcourt' });
  await events.attendedEvent(community, [member], { title: 'Grief and bereavement webinar', cpdHours: 1.5 });
  await events.attendedEvent(community, [member], { title: 'Advance care planning conversations', cpdHours: 2 });
  const token = await tokenFor(member);
  const log = await stack.graphql<{ me: { member: { displayName: string; eventCpdLog: { totalHours: number; yearTotals: { hours: number }[]; entries: { nodes: { eventTitle: string; hours: number; certificateCode: string; certificateUrl: string; event: { community: { name: string } } }[] } } } } }>(
    `{ me { member { displayName eventCpdLog { totalHours yearTotals { year events hours } entries(first: 10) { nodes { eventTitle hours certificateCode certificateUrl event { community { name } } } } } } } }`,
    {},
    { token },
  );
  expect(log.errors).toBeUndefined();
  const cpd = log.data!.me.member.eventCpdLog;
  expect(cpd.totalHours).toBe(3.5);
  expect(cpd.entries.nodes.map((entry) => [entry.eventTitle, entry.hours, entry.event.community.name]).sort()).toEqual([
    ['Advance care planning conversations', 2, 'Rural Hospice Palliative Care'],
    ['Grief and bereavement webinar', 1.5, 'Rural Hospice Palliative Care'],
  ]);
  const certificate = await request(cpd.entries.nodes[0]!.certificateUrl);
  expect(certificate.statusCode).toBe(200);
  await certificate.body.dump();
  const check = await stack.graphql(`query ($code: String!) { verifyEventCertificate(code: $code) { valid member { displayName } } }`, { code: cpd.entries.nodes[0]!.certificateCode });
  expect(check.data).toEqual({ verifyEventCertificate: { valid: true, member: { displayName: 'Iris Valcourt' } } });
});

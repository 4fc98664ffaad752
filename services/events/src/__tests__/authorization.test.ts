import { newCast, membership, type Cast } from '@praxis/membership/testing';
import type { Viewer } from '@praxis/platform';
import { asViewer, startSubgraphTest, viewerMatrix, VIEWER_KINDS, type Expectations, type Outcome, type SubgraphTest, type ViewerKind } from '@praxis/platform/testing';
import type { EventEntity } from '../entities';
import { events } from '../testing';
import { localIn } from '../testing/factories';

/**
 * Every events operation as every kind of viewer. Outcomes: OK, the error code, or what an allowed
 * read shows: NONE (the event reads as null), EMPTY (nothing of the field), ALL (hours and registrations).
 */
let h: SubgraphTest<typeof events, [typeof membership]>;
let viewers: Record<ViewerKind, Viewer>;
let community: Cast['community'];
let open: Cast['community'];

beforeAll(async () => {
  h = await startSubgraphTest(events, { with: [membership] });
  const people = await newCast(h.people, { visibility: 'MEMBERS_ONLY', joinPolicy: 'APPROVAL' });
  community = people.community;
  open = await h.people.community({ visibility: 'PUBLIC', network: community.network });
  viewers = Object.fromEntries(VIEWER_KINDS.map((kind) => [kind, asViewer(people[kind])])) as Record<ViewerKind, Viewer>;
});
afterAll(() => h?.stop());

const newEvent = (input: Record<string, unknown> = {}) => h.factories.event(community, input);
const pastEventWithMember = () => h.factories.attendedEvent(community, [{ id: viewers.member.memberId! }], { cpdHours: 2 });

interface Case {
  name: string;
  expected: Expectations;
  run(viewer: Viewer): Promise<{ data?: Record<string, unknown> | null; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }>;
  /** Reads a successful answer as an outcome; 'OK' when absent. */
  judge?(data: Record<string, unknown>): Outcome;
}

const CREATE_INPUT = () => ({ communityId: community.id, title: 'Matrix event', kind: 'WEBINAR', localStart: localIn('Australia/Perth', 10), localEnd: localIn('Australia/Perth', 10, '20:00'), timeZone: 'Australia/Perth' });
const mutate = (field: string, inputType: string) => (input: unknown) => ({ query: `mutation ($input: ${inputType}!) { ${field}(input: $input) { __typename } }`, variables: { input } });
const asEvent = async (event: EventEntity, query: string, viewer: Viewer) => h.run(query, { id: event.id }, viewer);

const cases: Case[] = [
  {
    name: 'read a members-only event',
    expected: { anonymous: 'NONE', nonMember: 'NONE', member: 'OK', moderator: 'OK', coordinator: 'OK', admin: 'OK', analyst: 'NONE', banned: 'NONE' },
    run: async (viewer) => asEvent(await newEvent(), `query ($id: ID!) { event(id: $id) { id } }`, viewer),
    judge: (data) => (data.event ? 'OK' : 'NONE'),
  },
  {
    name: 'read a public event',
    expected: { anonymous: 'OK', nonMember: 'OK', member: 'OK', moderator: 'OK', coordinator: 'OK', admin: 'OK', analyst: 'OK', banned: 'OK' },
    run: async (viewer) => h.run(`query ($id: ID!) { event(id: $id) { id } }`, { id: (await h.factories.event(open)).id }, viewer),
    judge: (data) => (data.event ? 'OK' : 'NONE'),
  },
  {
    name: 'list upcoming and past events of a members-only community',
    expected: { anonymous: 'UNAUTHENTICATED', nonMember: 'FORBIDDEN', member: 'OK', moderator: 'OK', coordinator: 'OK', admin: 'OK', analyst: 'FORBIDDEN', banned: 'FORBIDDEN' },
    run: (viewer) => h.run(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { upcomingEvents { nodes { id } } pastEvents { nodes { id } } } } }`, { r: [{ __typename: 'Community', id: community.id }] }, viewer),
  },
  {
    name: 'list proposals',
    expected: { anonymous: 'UNAUTHENTICATED', nonMember: 'FORBIDDEN', member: 'OK', moderator: 'OK', coordinator: 'OK', admin: 'OK', analyst: 'FORBIDDEN', banned: 'FORBIDDEN' },
    run: (viewer) => h.run(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { eventProposals { nodes { id } } } } }`, { r: [{ __typename: 'Community', id: community.id }] }, viewer),
  },
  {
    name: 'see who registered',
    expected: { anonymous: 'NONE', nonMember: 'NONE', member: 'FORBIDDEN', moderator: 'FORBIDDEN', coordinator: 'OK', admin: 'OK', analyst: 'NONE', banned: 'NONE' },
    run: async (viewer) => asEvent(await newEvent(), `query ($id: ID!) { event(id: $id) { registrations { nodes { id } } } }`, viewer),
    judge: (data) => (data.event ? 'OK' : 'NONE'),
  },
  {
    name: 'see the join link',
    expected: { anonymous: 'NONE', nonMember: 'NONE', member: 'EMPTY', moderator: 'EMPTY', coordinator: 'OK', admin: 'OK', analyst: 'NONE', banned: 'NONE' },
    run: async (viewer) => asEvent(await newEvent(), `query ($id: ID!) { event(id: $id) { joinUrl } }`, viewer),
    judge: (data) => (!data.event ? 'NONE' : (data.event as { joinUrl: string | null }).joinUrl ? 'OK' : 'EMPTY'),
  },
  {
    name: 'create an event',
    expected: { anonymous: 'UNAUTHENTICATED', nonMember: 'FORBIDDEN', member: 'FORBIDDEN', moderator: 'FORBIDDEN', coordinator: 'OK', admin: 'OK', analyst: 'FORBIDDEN', banned: 'FORBIDDEN' },
    run: (viewer) => {
      const { query, variables } = mutate('createEvent', 'CreateEventInput')(CREATE_INPUT());
      return h.run(query, variables, viewer);
    },
  },
  {
    name: 'propose an event',
    expected: { anonymous: 'UNAUTHENTICATED', nonMember: 'FORBIDDEN', member: 'OK', moderator: 'OK', coordinator: 'OK', admin: 'FORBIDDEN', analyst: 'FORBIDDEN', banned: 'FORBIDDEN' },
    run: (viewer) => {
      const { query, variables } = mutate('proposeEvent', 'CreateEventInput')(CREATE_INPUT());
      return h.run(query, variables, viewer);
    },
  },
  ...(['approveEventProposal', 'declineEventProposal'] as const).map((field) => ({
    name: field,
    // The member is the proposer here: they see their proposal but may not decide it.
    expected: { anonymous: 'UNAUTHENTICATED', nonMember: 'NOT_FOUND', member: 'FORBIDDEN', moderator: 'NOT_FOUND', coordinator: 'OK', admin: 'OK', analyst: 'NOT_FOUND', banned: 'NOT_FOUND' },
    run: async (viewer: Viewer) => {
      const proposal = await h.running.domain.lifecycle.propose(h.factories.access(viewers.member), CREATE_INPUT());
      const { query, variables } = mutate(field, 'EventProposalDecisionInput')({ id: proposal.id, reason: 'Not this year' });
      return h.run(query, variables, viewer);
    },
  })),
  ...(
    [
      ['updateEvent', 'UpdateEventInput', (id: string) => ({ id, title: 'Changed' })],
      ['rescheduleEvent', 'RescheduleEventInput', (id: string) => ({ id, localStart: localIn('Australia/Perth', 11), localEnd: localIn('Australia/Perth', 11, '20:00') })],
      ['cancelEvent', 'CancelEventInput', (id: string) => ({ id, reason: 'Weather' })],
    ] as const
  ).map(([field, type, input]) => ({
    name: field,
    expected: { anonymous: 'UNAUTHENTICATED', nonMember: 'NOT_FOUND', member: 'FORBIDDEN', moderator: 'FORBIDDEN', coordinator: 'OK', admin: 'OK', analyst: 'NOT_FOUND', banned: 'NOT_FOUND' },
    run: async (viewer: Viewer) => {
      const { query, variables } = mutate(field, type)(input((await newEvent()).id));
      return h.run(query, variables, viewer);
    },
  })),
  {
    name: 'delete an event',
    expected: { anonymous: 'UNAUTHENTICATED', nonMember: 'NOT_FOUND', member: 'FORBIDDEN', moderator: 'FORBIDDEN', coordinator: 'OK', admin: 'OK', analyst: 'NOT_FOUND', banned: 'NOT_FOUND' },
    run: async (viewer) => h.run(`mutation ($id: ID!) { deleteEvent(input: { id: $id }) { deletedEventId } }`, { id: (await newEvent()).id }, viewer),
  },
  {
    name: 'register',
    expected: { anonymous: 'UNAUTHENTICATED', nonMember: 'NOT_FOUND', member: 'OK', moderator: 'OK', coordinator: 'OK', admin: 'FORBIDDEN', analyst: 'NOT_FOUND', banned: 'NOT_FOUND' },
    run: async (viewer) => h.run(`mutation ($id: ID!) { registerForEvent(input: { eventId: $id }) { registrations { status } } }`, { id: (await newEvent()).id }, viewer),
  },
  {
    name: 'cancel a registration',
    expected: { anonymous: 'UNAUTHENTICATED', nonMember: 'NOT_FOUND', member: 'OK', moderator: 'OK', coordinator: 'OK', admin: 'NOT_FOUND', analyst: 'NOT_FOUND', banned: 'NOT_FOUND' },
    run: async (viewer) => {
      const event = await newEvent();
      await h.running.domain.registrations.register(h.factories.access(viewer), { eventId: event.id }).catch(() => undefined);
      return h.run(`mutation ($id: ID!) { cancelEventRegistration(input: { eventId: $id }) { registrations { status } } }`, { id: event.id }, viewer);
    },
  },
  {
    name: 'mark attendance',
    expected: { anonymous: 'UNAUTHENTICATED', nonMember: 'NOT_FOUND', member: 'FORBIDDEN', moderator: 'FORBIDDEN', coordinator: 'OK', admin: 'OK', analyst: 'NOT_FOUND', banned: 'NOT_FOUND' },
    run: async (viewer) => {
      const event = await newEvent();
      await h.factories.register(event, { id: viewers.member.memberId! });
      await h.running.domain.lifecycle.reschedule(h.factories.access(community.coordinator), { id: event.id, localStart: '2024-03-01T10:00', localEnd: '2024-03-01T11:00' });
      const { query, variables } = mutate('markEventAttendance', 'MarkEventAttendanceInput')({ eventId: event.id, memberIds: [viewers.member.memberId] });
      return h.run(query, variables, viewer);
    },
  },
  {
    name: 'create and revoke a calendar token',
    expected: { anonymous: 'UNAUTHENTICATED', nonMember: 'OK', member: 'OK', moderator: 'OK', coordinator: 'OK', admin: 'OK', analyst: 'OK', banned: 'OK' },
    run: async (viewer) => {
      const created = await h.run(`mutation { createEventCalendarToken { token } }`, {}, viewer);
      return created.errors ? created : h.run(`mutation { revokeEventCalendarToken { ok } }`, {}, viewer);
    },
  },
  {
    name: 'check a certificate code',
    expected: { anonymous: 'OK', nonMember: 'OK', member: 'OK', moderator: 'OK', coordinator: 'OK', admin: 'OK', analyst: 'OK', banned: 'OK' },
    run: (viewer) => h.run(`{ verifyEventCertificate(code: "AAAA-BBBB-CCCC") { valid } }`, {}, viewer),
  },
  {
    name: "read the member's CPD log",
    expected: { anonymous: 'NONE', nonMember: 'EMPTY', member: 'ALL', moderator: 'EMPTY', coordinator: 'ALL', admin: 'ALL', analyst: 'EMPTY', banned: 'EMPTY' },
    run: async (viewer) => {
      await pastEventWithMember();
      return h.run(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Member { eventCpdLog { totalHours } eventRegistrations(upcoming: false) { nodes { id } } } } }`, { r: [{ __typename: 'Member', id: viewers.member.memberId }] }, viewer);
    },
    judge: (data) => {
      const member = (data._entities as { eventCpdLog: { totalHours: number } | null; eventRegistrations: { nodes: unknown[] } }[])[0]!;
      if (!member.eventCpdLog) return member.eventRegistrations.nodes.length === 0 ? 'NONE' : 'ALL';
      return member.eventCpdLog.totalHours > 0 && member.eventRegistrations.nodes.length > 0 ? 'ALL' : member.eventCpdLog.totalHours === 0 && member.eventRegistrations.nodes.length === 0 ? 'EMPTY' : 'OK';
    },
  },
];

describe.each(cases)('$name', (testCase) => {
  viewerMatrix(testCase.expected, (kind) => testCase.run(viewers[kind]), testCase.judge);
});

test('the organiser keeps rights only while an active member; a ban takes effect on the next request', async () => {
  const organiser = await h.people.memberOf(community);
  const proposal = await h.running.domain.lifecycle.propose(h.factories.access(organiser), CREATE_INPUT());
  await h.running.domain.lifecycle.decide(h.factories.access(community.coordinator), { id: proposal.id }, true);
  const edit = `mutation ($id: ID!) { updateEvent(input: { id: $id, title: "Organiser's edit" }) { event { title } } }`;
  expect((await h.run(edit, { id: proposal.id }, organiser)).errors).toBeUndefined();
  await h.people.ban(community, organiser);
  expect((await h.run(edit, { id: proposal.id }, organiser)).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
});

import type { Viewer } from '@praxis/platform';
import { ANONYMOUS } from '@praxis/platform';
import type { EventEntity } from '../entities';
import { localIn } from '../testing/factories';
import { startHarness, type Harness } from './helpers';

let h: Harness;

const ROLES = ['anonymous', 'nonMember', 'member', 'moderator', 'coordinator', 'admin', 'banned', 'analyst'] as const;
type Role = (typeof ROLES)[number];
type Outcome = 'ok' | 'null' | 'none' | 'all' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND';

let viewers: Record<Role, Viewer>;
let community: Awaited<ReturnType<Harness['people']['community']>>;
let open: Awaited<ReturnType<Harness['people']['community']>>;

beforeAll(async () => {
  h = await startHarness();
  community = await h.people.community({ visibility: 'MEMBERS_ONLY', joinPolicy: 'APPROVAL' });
  open = await h.people.community({ visibility: 'PUBLIC', network: community.network });
  const [nonMember, member, moderator, banned, analyst] = [
    await h.people.member(),
    await h.people.memberOf(community),
    await h.people.memberOf(community, 'MODERATOR'),
    await h.people.memberOf(community),
    await h.people.member(),
  ];
  await h.people.ban(community, banned);
  await h.people.domain.networks.grantRole(h.people.viewer(community.network.admin), { networkId: community.network.id, memberId: analyst.id, role: 'ANALYST' });
  viewers = {
    anonymous: ANONYMOUS,
    nonMember: h.people.viewer(nonMember),
    member: h.people.viewer(member),
    moderator: h.people.viewer(moderator),
    coordinator: h.people.viewer(community.coordinator),
    admin: h.people.viewer(community.network.admin),
    banned: h.people.viewer(banned),
    analyst: h.people.viewer(analyst),
  };
});
afterAll(() => h?.stop());

const newEvent = (input: Record<string, unknown> = {}) => h.factories.event(community, input);
const pastEventWithMember = () => h.factories.attendedEvent(community, [{ id: viewers.member.memberId! }], { cpdHours: 2 });

interface Case {
  name: string;
  expected: Record<Role, Outcome>;
  run(viewer: Viewer, role: Role): Promise<{ data?: Record<string, unknown> | null; errors?: readonly { extensions?: Record<string, unknown> }[] }>;
  /** Reads a successful answer as an outcome; 'ok' when absent. */
  judge?(data: Record<string, unknown>): Outcome;
}

function row(values: Outcome[]): Record<Role, Outcome> {
  return Object.fromEntries(ROLES.map((role, index) => [role, values[index]!])) as Record<Role, Outcome>;
}

const CREATE_INPUT = () => ({ communityId: community.id, title: 'Matrix event', kind: 'WEBINAR', localStart: localIn('Australia/Perth', 10), localEnd: localIn('Australia/Perth', 10, '20:00'), timeZone: 'Australia/Perth' });
const mutate = (field: string, inputType: string) => (input: unknown) => ({ query: `mutation ($input: ${inputType}!) { ${field}(input: $input) { __typename } }`, variables: { input } });
const asEvent = async (event: EventEntity, query: string, viewer: Viewer) => h.run(query, { id: event.id }, viewer);

const cases: Case[] = [
  {
    name: 'read a members-only event',
    expected: row(['null', 'null', 'ok', 'ok', 'ok', 'ok', 'null', 'null']),
    run: async (viewer) => asEvent(await newEvent(), `query ($id: ID!) { event(id: $id) { id } }`, viewer),
    judge: (data) => (data.event ? 'ok' : 'null'),
  },
  {
    name: 'read a public event',
    expected: row(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
    run: async (viewer) => h.run(`query ($id: ID!) { event(id: $id) { id } }`, { id: (await h.factories.event(open)).id }, viewer),
    judge: (data) => (data.event ? 'ok' : 'null'),
  },
  {
    name: 'list upcoming and past events of a members-only community',
    expected: row(['UNAUTHENTICATED', 'FORBIDDEN', 'ok', 'ok', 'ok', 'ok', 'FORBIDDEN', 'FORBIDDEN']),
    run: (viewer) => h.run(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { upcomingEvents { nodes { id } } pastEvents { nodes { id } } } } }`, { r: [{ __typename: 'Community', id: community.id }] }, viewer),
  },
  {
    name: 'list proposals',
    expected: row(['UNAUTHENTICATED', 'FORBIDDEN', 'ok', 'ok', 'ok', 'ok', 'FORBIDDEN', 'FORBIDDEN']),
    run: (viewer) => h.run(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { eventProposals { nodes { id } } } } }`, { r: [{ __typename: 'Community', id: community.id }] }, viewer),
  },
  {
    name: 'see who registered',
    expected: row(['null', 'null', 'FORBIDDEN', 'FORBIDDEN', 'ok', 'ok', 'null', 'null']),
    run: async (viewer) => asEvent(await newEvent(), `query ($id: ID!) { event(id: $id) { registrations { nodes { id } } } }`, viewer),
    judge: (data) => (data.event ? 'ok' : 'null'),
  },
  {
    name: 'see the join link',
    expected: row(['null', 'null', 'none', 'none', 'ok', 'ok', 'null', 'null']),
    run: async (viewer) => asEvent(await newEvent(), `query ($id: ID!) { event(id: $id) { joinUrl } }`, viewer),
    judge: (data) => (!data.event ? 'null' : (data.event as { joinUrl: string | null }).joinUrl ? 'ok' : 'none'),
  },
  {
    name: 'create an event',
    expected: row(['UNAUTHENTICATED', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'ok', 'ok', 'FORBIDDEN', 'FORBIDDEN']),
    run: (viewer) => {
      const { query, variables } = mutate('createEvent', 'CreateEventInput')(CREATE_INPUT());
      return h.run(query, variables, viewer);
    },
  },
  {
    name: 'propose an event',
    expected: row(['UNAUTHENTICATED', 'FORBIDDEN', 'ok', 'ok', 'ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']),
    run: (viewer) => {
      const { query, variables } = mutate('proposeEvent', 'CreateEventInput')(CREATE_INPUT());
      return h.run(query, variables, viewer);
    },
  },
  ...(['approveEventProposal', 'declineEventProposal'] as const).map((field) => ({
    name: field,
    // The member is the proposer here: they see their proposal but may not decide it.
    expected: row(['UNAUTHENTICATED', 'NOT_FOUND', 'FORBIDDEN', 'NOT_FOUND', 'ok', 'ok', 'NOT_FOUND', 'NOT_FOUND']),
    run: async (viewer: Viewer) => {
      const proposal = await h.events.domain.lifecycle.propose(h.factories.access(viewers.member), CREATE_INPUT());
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
    expected: row(['UNAUTHENTICATED', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'ok', 'ok', 'NOT_FOUND', 'NOT_FOUND']),
    run: async (viewer: Viewer) => {
      const { query, variables } = mutate(field, type)(input((await newEvent()).id));
      return h.run(query, variables, viewer);
    },
  })),
  {
    name: 'delete an event',
    expected: row(['UNAUTHENTICATED', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'ok', 'ok', 'NOT_FOUND', 'NOT_FOUND']),
    run: async (viewer) => h.run(`mutation ($id: ID!) { deleteEvent(input: { id: $id }) { deletedEventId } }`, { id: (await newEvent()).id }, viewer),
  },
  {
    name: 'register',
    expected: row(['UNAUTHENTICATED', 'NOT_FOUND', 'ok', 'ok', 'ok', 'FORBIDDEN', 'NOT_FOUND', 'NOT_FOUND']),
    run: async (viewer) => h.run(`mutation ($id: ID!) { registerForEvent(input: { eventId: $id }) { registrations { status } } }`, { id: (await newEvent()).id }, viewer),
  },
  {
    name: 'cancel a registration',
    expected: row(['UNAUTHENTICATED', 'NOT_FOUND', 'ok', 'ok', 'ok', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']),
    run: async (viewer) => {
      const event = await newEvent();
      await h.events.domain.registrations.register(h.factories.access(viewer), { eventId: event.id }).catch(() => undefined);
      return h.run(`mutation ($id: ID!) { cancelEventRegistration(input: { eventId: $id }) { registrations { status } } }`, { id: event.id }, viewer);
    },
  },
  {
    name: 'mark attendance',
    expected: row(['UNAUTHENTICATED', 'NOT_FOUND', 'FORBIDDEN', 'FORBIDDEN', 'ok', 'ok', 'NOT_FOUND', 'NOT_FOUND']),
    run: async (viewer) => {
      const event = await newEvent();
      await h.factories.register(event, { id: viewers.member.memberId! });
      await h.events.domain.lifecycle.reschedule(h.factories.access(community.coordinator), { id: event.id, localStart: '2024-03-01T10:00', localEnd: '2024-03-01T11:00' });
      const { query, variables } = mutate('markEventAttendance', 'MarkEventAttendanceInput')({ eventId: event.id, memberIds: [viewers.member.memberId] });
      return h.run(query, variables, viewer);
    },
  },
  {
    name: 'create and revoke a calendar token',
    expected: row(['UNAUTHENTICATED', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
    run: async (viewer) => {
      const created = await h.run(`mutation { createEventCalendarToken { token } }`, {}, viewer);
      return created.errors ? created : h.run(`mutation { revokeEventCalendarToken { ok } }`, {}, viewer);
    },
  },
  {
    name: 'check a certificate code',
    expected: row(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
    run: (viewer) => h.run(`{ verifyEventCertificate(code: "AAAA-BBBB-CCCC") { valid } }`, {}, viewer),
  },
  {
    name: "read the member's CPD log",
    expected: row(['null', 'none', 'all', 'none', 'all', 'all', 'none', 'none']),
    run: async (viewer) => {
      await pastEventWithMember();
      return h.run(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Member { eventCpdLog { totalHours } eventRegistrations(upcoming: false) { nodes { id } } } } }`, { r: [{ __typename: 'Member', id: viewers.member.memberId }] }, viewer);
    },
    judge: (data) => {
      const member = (data._entities as { eventCpdLog: { totalHours: number } | null; eventRegistrations: { nodes: unknown[] } }[])[0]!;
      if (!member.eventCpdLog) return member.eventRegistrations.nodes.length === 0 ? 'null' : 'all';
      return member.eventCpdLog.totalHours > 0 && member.eventRegistrations.nodes.length > 0 ? 'all' : member.eventCpdLog.totalHours === 0 && member.eventRegistrations.nodes.length === 0 ? 'none' : 'ok';
    },
  },
];

describe.each(cases)('$name', (testCase) => {
  test.each(ROLES)('as %s', async (role) => {
    const result = await testCase.run(viewers[role], role);
    const outcome: Outcome = result.errors?.length ? (result.errors[0]!.extensions?.code as Outcome) : (testCase.judge?.(result.data!) ?? 'ok');
    expect(outcome).toBe(testCase.expected[role]);
  });
});

test('the organiser keeps rights only while an active member; a ban takes effect on the next request', async () => {
  const organiser = await h.people.memberOf(community);
  const proposal = await h.events.domain.lifecycle.propose(h.factories.access(organiser), CREATE_INPUT());
  await h.events.domain.lifecycle.decide(h.factories.access(community.coordinator), { id: proposal.id }, true);
  const edit = `mutation ($id: ID!) { updateEvent(input: { id: $id, title: "Organiser's edit" }) { event { title } } }`;
  expect((await h.run(edit, { id: proposal.id }, organiser)).errors).toBeUndefined();
  await h.people.ban(community, organiser);
  expect((await h.run(edit, { id: proposal.id }, organiser)).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
});

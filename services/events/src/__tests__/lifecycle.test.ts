import { membership } from '@praxis/membership/testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { events } from '../testing';
import { localIn } from '../testing/factories';

let h: SubgraphTest<typeof events, [typeof membership]>;

beforeAll(async () => {
  h = await startSubgraphTest(events, { with: [membership] });
});
afterAll(() => h?.stop());

const CREATE = `mutation ($input: CreateEventInput!) { createEvent(input: $input) { event { id title status startsAt endsAt localStart timeZone descriptionHtml community { id } speakers { name role affiliation partNumber member { id } } parts { number title learningOutcomes } } } }`;

test('a coordinator creates an event with its programme, and it publishes its lifecycle', async () => {
  const community = await h.people.community();
  const speaker = await h.people.memberOf(community);
  const result = await h.run(
    CREATE,
    {
      input: {
        communityId: community.id,
        title: '  Co-production workshop ',
        description: 'Hello <script>alert(1)</script> **world** [x](javascript:alert(1))',
        kind: 'WORKSHOP',
        localStart: '2030-05-22T13:15',
        localEnd: '2030-05-22T14:30',
        timeZone: 'Europe/London',
        speakers: [
          { name: 'Dr Chair', role: 'CHAIR', affiliation: 'Hospital; England' },
          { name: 'Speaker One', affiliation: 'Uni; Canada', partNumber: 1, memberId: speaker.id },
        ],
        parts: [{ title: 'Part one', learningOutcomes: ['Explain things.'] }],
      },
    },
    community.coordinator,
  );
  expect(result.errors).toBeUndefined();
  const event = (result.data as { createEvent: { event: Record<string, unknown> } }).createEvent.event;
  expect(event).toMatchObject({
    title: 'Co-production workshop',
    status: 'SCHEDULED',
    startsAt: '2030-05-22T12:15:00.000Z',
    localStart: '2030-05-22T13:15',
    timeZone: 'Europe/London',
    community: { id: community.id },
    speakers: [
      { name: 'Dr Chair', role: 'CHAIR', affiliation: 'Hospital; England', partNumber: null, member: null },
      { name: 'Speaker One', role: 'SPEAKER', partNumber: 1, member: { id: speaker.id } },
    ],
    parts: [{ number: 1, title: 'Part one', learningOutcomes: ['Explain things.'] }],
  });
  expect(event.descriptionHtml).toContain('<strong>world</strong>');
  expect(event.descriptionHtml).not.toContain('<script');
  expect(event.descriptionHtml).not.toContain('javascript:');
  const speaking = await h.run(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Member { speakingEvents { nodes { id } } } } }`, { r: [{ __typename: 'Member', id: speaker.id }] });
  expect(speaking.data).toEqual({ _entities: [{ speakingEvents: { nodes: [{ id: event.id }] } }] });
  const outbox = await h.running.runtime.db.query(`SELECT type, payload FROM outbox WHERE payload->>'eventId' = $1`, [event.id]);
  expect(outbox).toEqual([{ type: 'events.EventChanged', payload: expect.objectContaining({ change: 'CREATED', communityId: community.id, networkId: community.network.id }) }]);
});

test.each([
  ['an end before the start', { localStart: '2030-05-22T14:00', localEnd: '2030-05-22T13:00' }, 'input.localEnd'],
  ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'input.timeZone'],
  ['a negative capacity', { capacity: -1 }, 'input.capacity'],
  ['a malformed RRULE', { recurrence: 'FREQ=DAILY;INTERVAL=-1' }, 'input.recurrence'],
  ['an RRULE that is not one', { recurrence: 'every tuesday' }, 'input.recurrence'],
  ['an empty title', { title: '   ' }, 'input.title'],
  ['a malformed local time', { localStart: '22/05/2030 13:00' }, 'input.localStart'],
  ['a join link that is not http', { joinUrl: 'javascript:alert(1)' }, 'input.joinUrl'],
  ['a speaker in a part that does not exist', { speakers: [{ name: 'X', partNumber: 3 }], parts: [{ title: 'Only part' }] }, 'input.speakers.0.partNumber'],
])('%s is BAD_USER_INPUT on its field', async (_name, change, field) => {
  const community = await h.people.community();
  const input = { communityId: community.id, title: 'Webinar', kind: 'WEBINAR', localStart: '2030-05-22T13:00', localEnd: '2030-05-22T14:00', timeZone: 'Australia/Perth', ...change };
  const result = await h.run(CREATE, { input }, community.coordinator);
  expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
});

test('a community id that is not a UUID is NOT_FOUND, like an unknown one (ADR 8)', async () => {
  const community = await h.people.community();
  const input = { communityId: "1'; DROP TABLE events; --", title: 'Webinar', kind: 'WEBINAR', localStart: '2030-05-22T13:00', localEnd: '2030-05-22T14:00', timeZone: 'Australia/Perth' };
  const result = await h.run(CREATE, { input }, community.coordinator);
  expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
});

test('registering for a past or cancelled event is a CONFLICT', async () => {
  const community = await h.people.community();
  const member = await h.people.memberOf(community);
  const past = await h.factories.event(community, { localStart: '2020-01-01T10:00', localEnd: '2020-01-01T11:00' });
  const cancelled = await h.factories.event(community);
  await h.running.domain.lifecycle.cancel(h.factories.access(community.coordinator), { id: cancelled.id });
  const register = `mutation ($id: ID!) { registerForEvent(input: { eventId: $id }) { registrations { status } } }`;
  for (const event of [past, cancelled]) {
    const result = await h.run(register, { id: event.id }, member);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_STATE' });
  }
});

test('a proposal is hidden until a coordinator approves it, and the proposer becomes its organiser', async () => {
  const community = await h.people.community();
  const proposer = await h.people.memberOf(community);
  const other = await h.people.memberOf(community);
  const proposed = await h.run<{ proposeEvent: { event: { id: string; status: string } } }>(
    `mutation ($input: CreateEventInput!) { proposeEvent(input: $input) { event { id status } } }`,
    { input: { communityId: community.id, title: 'Our own meetup', kind: 'FACE_TO_FACE_MEETING', localStart: localIn('Australia/Perth', 20), localEnd: localIn('Australia/Perth', 20, '21:00'), timeZone: 'Australia/Perth', venue: 'Library' } },
    proposer,
  );
  const id = proposed.data!.proposeEvent.event.id;
  expect(proposed.data!.proposeEvent.event.status).toBe('PROPOSED');
  expect((await h.run(`query ($id: ID!) { event(id: $id) { id } }`, { id }, other)).data).toEqual({ event: null });
  const queue = await h.run<{ _entities: { eventProposals: { nodes: { id: string }[] } }[] }>(
    `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { eventProposals { nodes { id } } } } }`,
    { r: [{ __typename: 'Community', id: community.id }] },
    community.coordinator,
  );
  expect(queue.data!._entities[0]!.eventProposals.nodes.map((node) => node.id)).toEqual([id]);
  const declined = await h.run(`mutation ($id: ID!) { declineEventProposal(input: { id: $id }) { event { status } } }`, { id }, community.coordinator);
  expect(declined.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
  const approved = await h.run(`mutation ($id: ID!) { approveEventProposal(input: { id: $id }) { event { status organiser { id } } } }`, { id }, community.coordinator);
  expect(approved.data).toEqual({ approveEventProposal: { event: { status: 'SCHEDULED', organiser: { id: proposer.id } } } });
  const edited = await h.run(`mutation ($id: ID!) { updateEvent(input: { id: $id, title: "Our own meetup, v2" }) { event { title viewerCan { edit markAttendance } } } }`, { id }, proposer);
  expect(edited.data).toEqual({ updateEvent: { event: { title: 'Our own meetup, v2', viewerCan: { edit: true, markAttendance: true } } } });
  const again = await h.run(`mutation ($id: ID!) { approveEventProposal(input: { id: $id }) { event { status } } }`, { id }, community.coordinator);
  expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT' });
});

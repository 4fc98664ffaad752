import { TEST_PASSWORD, membership } from '@praxis/membership/testing';
import { request } from 'undici';
import { extractText } from 'unpdf';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { events } from '../testing';

let h: SubgraphTest<typeof events, [typeof membership]>;

beforeAll(async () => {
  h = await startSubgraphTest(events, { with: [membership] });
});
afterAll(() => h?.stop());

const MARK = `mutation ($input: MarkEventAttendanceInput!) { markEventAttendance(input: $input) { changed event { attendedCount } } }`;
const CPD = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Member { eventCpdLog { totalHours yearTotals { year events hours } entries(first: 10) { nodes { eventTitle hours certificateCode certificateUrl event { id } } } } } } }`;

test('attendance gives CPD hours, a log with yearly totals, and a certificate whose code verifies', async () => {
  const community = await h.people.community();
  const member = await h.people.memberOf(community, 'MEMBER', { displayName: 'Rosa Okonkwo-Reid' });
  const other = await h.people.memberOf(community);
  const first = await h.factories.attendedEvent(community, [member, other], { title: 'Handover toolkit webinar', cpdHours: 1.5 });
  await h.factories.attendedEvent(community, [member], { title: 'Aged care standards', cpdHours: 2 });

  const log = await h.run<{ _entities: { eventCpdLog: { totalHours: number; yearTotals: { year: number; events: number; hours: number }[]; entries: { nodes: { eventTitle: string; hours: number; certificateCode: string; certificateUrl: string; event: { id: string } }[] } } }[] }>(
    CPD,
    { r: [{ __typename: 'Member', id: member.id }] },
    member,
  );
  expect(log.errors).toBeUndefined();
  const cpd = log.data!._entities[0]!.eventCpdLog;
  expect(cpd.totalHours).toBe(3.5);
  expect(cpd.yearTotals.reduce((sum, year) => sum + year.events, 0)).toBe(2);
  expect(cpd.entries.nodes.map((entry) => entry.eventTitle).sort()).toEqual(['Aged care standards', 'Handover toolkit webinar']);

  const entry = cpd.entries.nodes.find((node) => node.event.id === first.id)!;
  const pdf = await request(entry.certificateUrl);
  expect(pdf.statusCode).toBe(200);
  expect(pdf.headers['content-type']).toBe('application/pdf');
  const bytes = new Uint8Array(await pdf.body.arrayBuffer());
  expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe('%PDF-');
  const { text } = await extractText(bytes, { mergePages: true });
  expect(text).toContain('Rosa Okonkwo-Reid');
  expect(text).toContain('Handover toolkit webinar');
  expect(text).toContain('1.5 hours');
  const printed = /Verification code: ([A-Z0-9-]+)/.exec(text)![1]!;
  expect(printed).toBe(entry.certificateCode);

  const verify = `query ($code: String!) { verifyEventCertificate(code: $code) { valid eventTitle hours member { id } } }`;
  const checked = await h.run(verify, { code: printed.toLowerCase().replace(/-/g, ' ') });
  expect(checked.data).toEqual({ verifyEventCertificate: { valid: true, eventTitle: 'Handover toolkit webinar', hours: 1.5, member: { id: member.id } } });
  for (const bogus of ['AAAA-BBBB-CCCC', "x' OR 1=1 --", '']) {
    expect((await h.run(verify, { code: bogus })).data).toEqual({ verifyEventCertificate: { valid: false, eventTitle: null, hours: null, member: null } });
  }
  expect((await request(`${h.running.url}/certificates/AAAA-BBBB-CCCC/certificate.pdf`)).statusCode).toBe(404);

  // The coordinator sees the entries of their community's events; another member sees none.
  const asCoordinator = await h.run<{ _entities: { eventCpdLog: { totalHours: number } }[] }>(CPD, { r: [{ __typename: 'Member', id: member.id }] }, community.coordinator);
  expect(asCoordinator.data!._entities[0]!.eventCpdLog.totalHours).toBe(3.5);
  const asOther = await h.run<{ _entities: { eventCpdLog: { totalHours: number; entries: { nodes: unknown[] } } }[] }>(CPD, { r: [{ __typename: 'Member', id: member.id }] }, other);
  expect(asOther.data!._entities[0]!.eventCpdLog).toMatchObject({ totalHours: 0, entries: { nodes: [] } });
  const anonymous = await h.run<{ _entities: { eventCpdLog: null }[] }>(CPD, { r: [{ __typename: 'Member', id: member.id }] });
  expect(anonymous.data!._entities[0]!.eventCpdLog).toBeNull();
});

test('attendance in bulk, only for people holding a place, only by coordinators and the organiser, only once started', async () => {
  const community = await h.people.community();
  const people = await Promise.all(Array.from({ length: 3 }, () => h.people.memberOf(community)));
  const outsider = await h.people.memberOf(community);
  const future = await h.factories.event(community);
  for (const person of people) await h.factories.register(future, person);
  const early = await h.run(MARK, { input: { eventId: future.id, memberIds: [people[0]!.id] } }, community.coordinator);
  expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_STATE' });
  await h.running.domain.lifecycle.reschedule(h.factories.access(community.coordinator), { id: future.id, localStart: '2024-02-01T10:00', localEnd: '2024-02-01T11:00' });
  const forbidden = await h.run(MARK, { input: { eventId: future.id, memberIds: [people[0]!.id] } }, people[1]);
  expect(forbidden.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
  const notRegistered = await h.run(MARK, { input: { eventId: future.id, memberIds: [people[0]!.id, outsider.id] } }, community.coordinator);
  expect(notRegistered.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.memberIds.1' });
  const tooMany = await h.run(MARK, { input: { eventId: future.id, memberIds: Array.from({ length: 501 }, () => people[0]!.id) } }, community.coordinator);
  expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.memberIds' });
  const bulk = await h.run(MARK, { input: { eventId: future.id, memberIds: people.map((p) => p.id) } }, community.coordinator);
  expect(bulk.data).toEqual({ markEventAttendance: { changed: 3, event: { attendedCount: 3 } } });
  const again = await h.run(MARK, { input: { eventId: future.id, memberIds: people.map((p) => p.id) } }, community.coordinator);
  expect(again.data).toEqual({ markEventAttendance: { changed: 0, event: { attendedCount: 3 } } });
  const withdrawn = await h.run(MARK, { input: { eventId: future.id, memberIds: [people[2]!.id], attended: false } }, community.coordinator);
  expect(withdrawn.data).toEqual({ markEventAttendance: { changed: 1, event: { attendedCount: 2 } } });
  const published: { attended: string; count: number }[] = await h.running.runtime.db.query(
    `SELECT payload->>'attended' AS attended, count(*)::int AS count FROM outbox WHERE type = 'events.EventAttendanceMarked' AND payload->>'eventId' = $1 GROUP BY 1 ORDER BY 1`,
    [future.id],
  );
  expect(published).toEqual([{ attended: 'false', count: 1 }, { attended: 'true', count: 3 }]);
});

test('a deleted account is anonymised: places given up, records kept without the member, counts unchanged; twice is harmless', async () => {
  const community = await h.people.community();
  const leaving = await h.people.memberOf(community);
  const waiting = await h.people.memberOf(community);
  const past = await h.factories.attendedEvent(community, [leaving], { cpdHours: 1 });
  const upcoming = await h.factories.event(community, { capacity: 1 });
  await h.factories.register(upcoming, leaving);
  await h.factories.register(upcoming, waiting);
  const { token } = await h.running.domain.tokens.create(leaving.id, {});

  await h.people.domain.erasure.deleteAccount(h.people.viewer(leaving), TEST_PASSWORD);
  await h.membership.runtime.drainEvents();
  await h.running.runtime.drainEvents();
  await h.running.runtime.drainEvents();

  const held: { count: number }[] = await h.running.runtime.db.query(
    `SELECT count(*)::int AS count FROM (SELECT member_id FROM event_registrations WHERE member_id = $1 UNION ALL SELECT member_id FROM event_attendance WHERE member_id = $1) x`,
    [leaving.id],
  );
  expect(held[0]!.count).toBe(0);
  const [pastCounts] = await h.running.runtime.db.query(
    `SELECT registered_count, (SELECT count(*)::int FROM event_attendance WHERE event_id = $1) AS attended FROM events WHERE id = $1`,
    [past.id],
  );
  expect(pastCounts).toEqual({ registered_count: 1, attended: 1 });
  const [upcomingState] = await h.running.runtime.db.query(
    `SELECT registered_count, waitlist_count, (SELECT status FROM event_registrations WHERE event_id = $1 AND member_id = $2) AS waiting FROM events WHERE id = $1`,
    [upcoming.id, waiting.id],
  );
  expect(upcomingState).toEqual({ registered_count: 1, waitlist_count: 0, waiting: 'REGISTERED' });
  expect(await h.running.domain.tokens.resolve(token)).toBeNull();
  // Replayed delivery changes nothing.
  await h.running.runtime.transaction((manager) => h.running.domain.registrations.forgetMember(manager, leaving.id));
  const [still] = await h.running.runtime.db.query(`SELECT registered_count, waitlist_count FROM events WHERE id = $1`, [upcoming.id]);
  expect(still).toEqual({ registered_count: 1, waitlist_count: 0 });
});

import ICAL from 'ical.js';
import { request } from 'undici';
import { localIn } from '../testing/factories';
import { membership } from '@praxis/membership/testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { events } from '../testing';

let h: SubgraphTest<typeof events, [typeof membership]>;

beforeAll(async () => {
  h = await startSubgraphTest(events, { with: [membership] });
});
afterAll(() => h?.stop());

async function get(path: string): Promise<{ status: number; body: string; type: string }> {
  const response = await request(`${h.running.url}${path}`);
  return { status: response.statusCode, body: await response.body.text(), type: String(response.headers['content-type']) };
}

function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return {
    calendar,
    zones: calendar.getAllSubcomponents('vtimezone').map((zone) => String(zone.getFirstPropertyValue('tzid'))),
    events: calendar.getAllSubcomponents('vevent').map((vevent) => {
      const start = vevent.getFirstProperty('dtstart')!;
      const event = new ICAL.Event(vevent);
      return { uid: event.uid, summary: event.summary, tzid: start.getParameter('tzid'), local: event.startDate.toString(), utc: event.startDate.toJSDate().toISOString(), description: event.description ?? '', status: vevent.getFirstPropertyValue('status') };
    }),
  };
}

test('an event file carries its time zone (VTIMEZONE and TZID) and parses back to the same instant', async () => {
  const community = await h.people.community({ visibility: 'PUBLIC' });
  const event = await h.factories.event(community, { title: 'Monthly meeting', localStart: '2031-03-11T19:00', localEnd: '2031-03-11T20:00', timeZone: 'America/Toronto', joinUrl: 'https://zoom.example.org/j/123' });
  const file = await get(`/events/${event.id}/event.ics`);
  expect(file.status).toBe(200);
  expect(file.type).toContain('text/calendar');
  const parsed = parse(file.body);
  expect(parsed.zones).toEqual(['America/Toronto']);
  expect(parsed.events).toEqual([expect.objectContaining({ uid: `${event.id}@praxis`, summary: 'Monthly meeting', tzid: 'America/Toronto', local: '2031-03-11T19:00:00', status: 'CONFIRMED' })]);
  // Resolved through the VTIMEZONE in the file: 19:00 EDT is 23:00 UTC.
  const zone = new ICAL.Timezone(parsed.calendar.getFirstSubcomponent('vtimezone')!);
  const start = parsed.calendar.getFirstSubcomponent('vevent')!.getFirstPropertyValue('dtstart') as ICAL.Time;
  start.zone = zone;
  expect(start.toJSDate().toISOString()).toBe('2031-03-11T23:00:00.000Z');
  // The join link is for registered attendees only.
  expect(file.body).not.toContain('zoom.example.org');
});

test('feeds: public community feed for anyone, members-only with a revocable token, own registrations with the join link', async () => {
  const open = await h.people.community({ visibility: 'PUBLIC' });
  const closed = await h.people.community({ visibility: 'MEMBERS_ONLY', network: open.network });
  const member = await h.people.memberOf(closed);
  await h.people.join(open, member);
  await h.factories.event(open, { title: 'Open webinar', timeZone: 'Australia/Melbourne' });
  const privateEvent = await h.factories.event(closed, { title: 'Members meeting', joinUrl: 'https://meet.example.org/secret' });
  const cancelled = await h.factories.event(closed, { title: 'Dropped meeting', localStart: localIn('Australia/Perth', 8), localEnd: localIn('Australia/Perth', 8, '20:00') });
  await h.running.domain.lifecycle.cancel(h.factories.access(closed.coordinator), { id: cancelled.id });
  await h.factories.register(privateEvent, member);

  const openFeed = await get(`/calendars/communities/${open.id}/events.ics`);
  expect(parse(openFeed.body).events.map((event) => event.summary)).toEqual(['Open webinar']);
  expect(parse(openFeed.body).zones).toEqual(['Australia/Melbourne']);
  expect((await get(`/calendars/communities/${closed.id}/events.ics`)).status).toBe(404);

  const created = await h.run<{ createEventCalendarToken: { token: string; registrationsFeedUrl: string; tokenQuery: string } }>(`mutation { createEventCalendarToken { token registrationsFeedUrl tokenQuery } }`, {}, member);
  const { token, registrationsFeedUrl, tokenQuery } = created.data!.createEventCalendarToken;
  const closedFeed = await get(`/calendars/communities/${closed.id}/events.ics${tokenQuery}`);
  expect(closedFeed.status).toBe(200);
  expect(parse(closedFeed.body).events.map((event) => [event.summary, event.status])).toEqual([
    ['Members meeting', 'CONFIRMED'],
    ['Cancelled: Dropped meeting', 'CANCELLED'],
  ]);
  const mine = await get(new URL(registrationsFeedUrl).pathname);
  const mineParsed = parse(mine.body);
  expect(mineParsed.events.map((event) => event.summary)).toEqual(['Members meeting']);
  expect(mineParsed.events[0]!.description).toContain('https://meet.example.org/secret');

  await h.run(`mutation { revokeEventCalendarToken { ok } }`, {}, member);
  expect((await get(`/calendars/communities/${closed.id}/events.ics?token=${token}`)).status).toBe(401);
  expect((await get(`/calendars/members/${token}/registrations.ics`)).status).toBe(401);
  expect((await get(`/calendars/members/not-a-token/registrations.ics`)).status).toBe(401);
});

test('the calendar query spans readable communities and filters by kind, stream and tag', async () => {
  const open = await h.people.community({ visibility: 'PUBLIC' });
  const closed = await h.people.community({ visibility: 'MEMBERS_ONLY', network: open.network });
  const member = await h.people.memberOf(closed);
  const at = (day: number) => ({ localStart: `2032-07-${String(day).padStart(2, '0')}T10:00`, localEnd: `2032-07-${String(day).padStart(2, '0')}T11:00` });
  const a = await h.factories.event(open, { ...at(3), title: 'A', kind: 'WEBINAR', stream: 'People', tags: ['Rural'] });
  const b = await h.factories.event(closed, { ...at(5), title: 'B', kind: 'WORKSHOP', stream: 'Practice', tags: ['safety'] });
  const c = await h.factories.event(open, { ...at(9), title: 'C', kind: 'WORKSHOP', stream: 'people' });
  await h.factories.event(open, { localStart: '2032-09-01T10:00', localEnd: '2032-09-01T11:00', title: 'Outside the range' });
  const query = `query ($filter: EventCalendarFilter) { eventCalendar(from: "2032-07-01T00:00:00Z", to: "2032-08-01T00:00:00Z", filter: $filter) { nodes { id } } }`;
  const ids = async (viewer: { id: string } | null, filter?: Record<string, unknown>) =>
    ((await h.run<{ eventCalendar: { nodes: { id: string }[] } }>(query, { filter: { communityIds: [open.id, closed.id], ...filter } }, viewer)).data!.eventCalendar.nodes.map((n) => n.id));
  expect(await ids(null)).toEqual([a.id, c.id]);
  expect(await ids(member)).toEqual([a.id, b.id, c.id]);
  expect(await ids(member, { kinds: ['WORKSHOP'] })).toEqual([b.id, c.id]);
  expect(await ids(member, { streams: ['PEOPLE'] })).toEqual([a.id, c.id]);
  expect(await ids(member, { tags: ['rural', 'safety'] })).toEqual([a.id, b.id]);
  const tooLong = await h.run(`{ eventCalendar(from: "2032-01-01T00:00:00Z", to: "2034-01-01T00:00:00Z") { nodes { id } } }`);
  expect(tooLong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
  const backwards = await h.run(`{ eventCalendar(from: "2032-02-01T00:00:00Z", to: "2032-01-01T00:00:00Z") { nodes { id } } }`);
  expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
});

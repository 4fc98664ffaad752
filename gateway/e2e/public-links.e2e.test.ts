import { request } from 'undici';
import { freePort } from '@praxis/postgres';
import type { RunningMembership } from '@praxis/membership';
import type { RunningEvents } from '@praxis/events';
import type { RunningResources } from '@praxis/resources';
import { MembershipFactories, TEST_PASSWORD } from '@praxis/membership/testing';
import { EventsFactories } from '@praxis/events/testing';
import { ResourceFactories, tinyPdf } from '@praxis/resources/testing';
import { signIn, startStack, type Stack } from './harness';

/**
 * The links the graph gives (calendar files and feeds, certificates, library uploads and
 * downloads) point at the gateway's public address and work there, as `npm start` gives them.
 */
let stack: Stack;
let people: MembershipFactories;
let events: EventsFactories;
let library: ResourceFactories;
let publicUrl: string;

beforeAll(async () => {
  const port = await freePort();
  publicUrl = `http://127.0.0.1:${port}`;
  stack = await startStack({ gatewayEnv: { GATEWAY_PORT: String(port), RATE_LIMIT_IP_PER_MINUTE: '400' }, serviceEnv: { PUBLIC_GRAPH_URL: publicUrl } });
  people = new MembershipFactories(stack.services.membership as RunningMembership);
  events = new EventsFactories(stack.services.events as RunningEvents);
  library = new ResourceFactories(stack.services.resources as RunningResources, stack.services.membership as RunningMembership);
});
afterAll(() => stack?.stop());

async function tokenFor(member: { id: string }): Promise<string> {
  const account = (await people.domain.read.accounts([member.id]))[0]!;
  return (await signIn(stack, account.email, TEST_PASSWORD)).accessToken;
}

async function get(url: string, token?: string): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  const response = await request(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.statusCode, headers: response.headers, body: Buffer.from(await response.body.arrayBuffer()) };
}

test("a members-only community's calendar links point at the gateway and open with a bearer token or a calendar token", async () => {
  const community = await people.community({ visibility: 'MEMBERS_ONLY' });
  const member = await people.memberOf(community);
  await events.event(community, { title: 'Members meeting' });
  const token = await tokenFor(member);
  const links = await stack.graphql<{ community: { eventsFeedUrl: string; upcomingEvents: { nodes: { icsUrl: string }[] } } }>(
    `query ($id: ID!) { community(id: $id) { eventsFeedUrl upcomingEvents(first: 5) { nodes { icsUrl } } } }`,
    { id: community.id },
    { token },
  );
  expect(links.errors).toBeUndefined();
  const { eventsFeedUrl } = links.data!.community;
  const icsUrl = links.data!.community.upcomingEvents.nodes[0]!.icsUrl;
  expect(icsUrl.startsWith(`${publicUrl}/events/`)).toBe(true);
  expect(eventsFeedUrl.startsWith(`${publicUrl}/calendars/`)).toBe(true);

  for (const url of [icsUrl, eventsFeedUrl]) {
    const opened = await get(url, token);
    expect(opened.status).toBe(200);
    expect(opened.headers['content-type']).toContain('text/calendar');
    expect(opened.headers['cache-control']).toBe('private, max-age=300');
    expect(opened.headers['x-request-id']).toEqual(expect.any(String));
    expect(opened.body.toString()).toContain('Members meeting');
    expect((await get(url)).status).toBe(404);
  }
  const badBearer = await get(icsUrl, 'not-a-real-token');
  expect(badBearer.status).toBe(401);
  expect(badBearer.headers['www-authenticate']).toBe('Bearer');

  // A calendar program holds a named calendar token instead, until it is revoked.
  const created = await stack.graphql<{ createEventCalendarToken: { tokenQuery: string; registrationsFeedUrl: string; eventCalendarToken: { id: string } } }>(
    `mutation { createEventCalendarToken(input: { name: "Phone" }) { tokenQuery registrationsFeedUrl eventCalendarToken { id } } }`,
    {},
    { token },
  );
  expect(created.errors).toBeUndefined();
  const calendar = created.data!.createEventCalendarToken;
  expect(calendar.registrationsFeedUrl.startsWith(`${publicUrl}/calendars/members/`)).toBe(true);
  expect((await get(`${eventsFeedUrl}${calendar.tokenQuery}`)).status).toBe(200);
  expect((await get(calendar.registrationsFeedUrl)).status).toBe(200);
  const listed = await stack.graphql<{ me: { eventCalendarTokens: { name: string; lastUsedAt: string | null }[] } }>(`{ me { eventCalendarTokens { name lastUsedAt } } }`, {}, { token });
  expect(listed.data!.me.eventCalendarTokens).toEqual([{ name: 'Phone', lastUsedAt: expect.any(String) }]);

  const revoked = await stack.graphql(`mutation ($id: ID!) { revokeEventCalendarToken(input: { id: $id }) { ok } }`, { id: calendar.eventCalendarToken.id }, { token });
  expect(revoked.errors).toBeUndefined();
  expect((await get(`${eventsFeedUrl}${calendar.tokenQuery}`)).status).toBe(401);
  expect((await get(calendar.registrationsFeedUrl)).status).toBe(401);
});

test('a certificate link opens through the gateway', async () => {
  const community = await people.community();
  const member = await people.memberOf(community);
  await events.attendedEvent(community, [member], { title: 'Grief and bereavement webinar', cpdHours: 1.5 });
  const token = await tokenFor(member);
  const log = await stack.graphql<{ me: { member: { eventCpdLog: { entries: { nodes: { certificateUrl: string }[] } } } } }>(
    `{ me { member { eventCpdLog { entries(first: 1) { nodes { certificateUrl } } } } } }`,
    {},
    { token },
  );
  const certificateUrl = log.data!.me.member.eventCpdLog.entries.nodes[0]!.certificateUrl;
  expect(certificateUrl.startsWith(`${publicUrl}/certificates/`)).toBe(true);
  const pdf = await get(certificateUrl);
  expect(pdf.status).toBe(200);
  expect(pdf.headers['content-type']).toBe('application/pdf');
  expect(pdf.headers['content-disposition']).toMatch(/^inline; filename="certificate-/);
  expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
});

test('a document goes up and comes down through the gateway, and an oversized upload is refused', async () => {
  const community = await library.people.community({ visibility: 'MEMBERS_ONLY' });
  const member = await library.people.memberOf(community);
  const token = await tokenFor(member);
  const bytes = tinyPdf('Through the front door');
  const issue = (byteSize: number) =>
    stack.graphql<{ createResourceUpload: { upload: { id: string; uploadUrl: string } } }>(
      'mutation ($input: CreateResourceUploadInput!) { createResourceUpload(input: $input) { upload { id uploadUrl } } }',
      { input: { communityId: community.id, fileName: 'front-door.pdf', byteSize } },
      { token },
    );
  const upload = (await issue(bytes.length)).data!.createResourceUpload.upload;
  expect(upload.uploadUrl.startsWith(`${publicUrl}/library/uploads/`)).toBe(true);
  const put = await request(upload.uploadUrl, { method: 'PUT', body: bytes, headers: { 'content-type': 'application/pdf' } });
  expect(put.statusCode).toBe(201);
  expect(await put.body.json()).toMatchObject({ id: upload.id, byteSize: bytes.length });

  const created = await stack.graphql<{ createResource: { resource: { id: string } } }>(
    'mutation ($input: CreateResourceInput!) { createResource(input: $input) { resource { id } } }',
    { input: { communityId: community.id, title: 'Through the front door', kind: 'DOCUMENT', audience: 'EVERYONE', uploadId: upload.id } },
    { token },
  );
  expect(created.errors).toBeUndefined();
  const link = await stack.graphql<{ requestResourceDownload: { url: string } }>('mutation ($id: ID!) { requestResourceDownload(input: { resourceId: $id }) { url } }', { id: created.data!.createResource.resource.id }, { token });
  const url = link.data!.requestResourceDownload.url;
  expect(url.startsWith(`${publicUrl}/library/files/`)).toBe(true);
  const download = await get(url);
  expect(download.status).toBe(200);
  expect(download.body.equals(bytes)).toBe(true);
  expect(download.headers).toMatchObject({ 'content-type': 'application/pdf', 'content-length': String(bytes.length), 'cache-control': 'private, no-store' });
  expect(download.headers['content-disposition']).toContain('front-door.pdf');
  expect((await get(url.replace(/signature=[^&]+/, 'signature=forged'))).status).toBe(403);

  // More bytes than the link was issued for: the library refuses as they stream in.
  const small = (await issue(bytes.length)).data!.createResourceUpload.upload;
  const oversized = await request(small.uploadUrl, { method: 'PUT', body: Buffer.concat([bytes, Buffer.alloc(4096, 1)]), headers: { 'content-type': 'application/pdf' } });
  expect(oversized.statusCode).toBe(413);
  expect(await oversized.body.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
});

test("a notification email's unsubscribe link works at the gateway without signing in: GET asks, the one-click POST unsubscribes", async () => {
  const email = `coordinator-${Date.now()}@example.org`;
  const coordinator = await people.member({ email });
  const community = await people.community({ joinPolicy: 'APPROVAL', coordinator });
  const applicant = await people.member();
  await people.domain.joining.requestToJoin(people.viewer(applicant), { communityId: community.id, answers: [] });
  const mail = await stack.smtp.waitFor((message) => message.to.includes(email));
  expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
  const link = /^<(.+)>$/.exec(mail.headers['list-unsubscribe'] ?? '')?.[1] ?? '';
  expect(link.startsWith(`${publicUrl}/notifications/unsubscribe?token=`)).toBe(true);

  const page = await get(link);
  expect(page.status).toBe(200);
  expect(page.headers['content-type']).toContain('text/html');
  expect(page.body.toString()).toContain('<form method="post"');
  const posted = await request(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  expect(posted.statusCode).toBe(200);
  await posted.body.dump();

  const preferences = await stack.graphql<{ notificationPreferences: { channels: { kind: string; channel: string }[] } }>(
    '{ notificationPreferences { channels { kind channel } } }',
    {},
    { token: await tokenFor(coordinator) },
  );
  expect(preferences.data!.notificationPreferences.channels).toContainEqual({ kind: 'JOIN_REQUEST_PENDING', channel: 'IN_APP' });
});

test('only the listed routes are forwarded', async () => {
  const events = stack.services.events!.url;
  expect((await get(`${events}/health/live`)).status).toBe(200);
  expect((await get(`${publicUrl}/library/other`)).status).toBe(404);
  const put = await request(`${publicUrl}/events/x/event.ics`, { method: 'PUT', body: 'x' });
  expect(put.statusCode).toBe(404);
  await put.body.dump();
});

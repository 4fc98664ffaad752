import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import type { RunningMembership } from '@praxis/membership';
import type { RunningDiscussion } from '@praxis/discussion';
import type { RunningResources } from '@praxis/resources';
import type { RunningEvents } from '@praxis/events';
import { MembershipFactories, TEST_PASSWORD } from '@praxis/membership/testing';
import { DiscussionFactories } from '@praxis/discussion/testing';
import { ResourceFactories } from '@praxis/resources/testing';
import { EventsFactories } from '@praxis/events/testing';
import { runReport, type ReportOptions } from '../../scripts/lib/report/run';
import { signIn, startStack, type Stack } from './harness';

// One community's month through all four subgraphs, reported through the gateway the way an
// analyst meets it: the export script with an API token, and the member views in the graph.
const ZONE = 'Australia/Perth';

let stack: Stack;
let people: MembershipFactories;
let out: string;
let community: Awaited<ReturnType<MembershipFactories['community']>>;
let cast: Record<'A' | 'B' | 'C' | 'Q' | 'analyst', Awaited<ReturnType<MembershipFactories['member']>>>;
let emails: string[];
let socialWork: { id: string };
let network: Awaited<ReturnType<MembershipFactories['network']>>;

const thisMonth = DateTime.now().setZone(ZONE).startOf('month');
// Two months back: the factory's past webinar is 30 days ago, which after a short February is two months back.
const range = { from: thisMonth.minus({ months: 2 }).toFormat('yyyy-LL-dd'), to: thisMonth.plus({ months: 1 }).toFormat('yyyy-LL-dd') };

async function tokenFor(member: { id: string }): Promise<string> {
  const account = (await people.domain.read.accounts([member.id]))[0]!;
  return (await signIn(stack, account.email, TEST_PASSWORD)).accessToken;
}

async function apiToken(member: { id: string }, scopes: string[]): Promise<string> {
  const created = await stack.graphql<{ createApiToken: { token: string } }>(`mutation ($scopes: [ApiScope!]!) { createApiToken(input: { name: "reports", scopes: $scopes }) { token } }`, { scopes }, { token: await tokenFor(member) });
  expect(created.errors).toBeUndefined();
  return created.data!.createApiToken.token;
}

/** Lets events flow both ways: attributes out of membership, activity back into it. */
async function settle(): Promise<void> {
  for (const name of ['membership', 'discussion', 'resources', 'events', 'membership']) await stack.services[name]!.runtime.drainEvents();
}

const options = (token: string, format: ReportOptions['format']): ReportOptions => ({
  gatewayUrl: `${stack.gatewayUrl}/graphql`,
  token,
  community: `${community.network.slug}/${community.slug}`,
  ...range,
  by: 'month',
  format,
  out: join(out, `report.${format}`),
});

beforeAll(async () => {
  stack = await startStack();
  out = await mkdtemp(join(tmpdir(), 'praxis-report-'));
  const membership = stack.services.membership as RunningMembership;
  people = new MembershipFactories(membership);
  const talk = new DiscussionFactories(stack.services.discussion as RunningDiscussion);
  const library = new ResourceFactories(stack.services.resources as RunningResources, membership);
  const events = new EventsFactories(stack.services.events as RunningEvents);

  network = await people.network({ timeZone: ZONE });
  community = await people.community({ network, name: 'Compassionate Communities' });
  cast = {
    A: await people.memberOf(community, 'MEMBER', { displayName: 'Aroha Staff-Member', participantType: 'STAFF' }),
    B: await people.memberOf(community, 'MEMBER', { displayName: 'Bea Consumer-Rep', participantType: 'CONSUMER_REPRESENTATIVE' }),
    C: await people.memberOf(community, 'MEMBER', { displayName: 'Cal Carer-Rep', participantType: 'CARER_REPRESENTATIVE' }),
    Q: await people.memberOf(community, 'MEMBER', { displayName: 'Quinn Quiet', participantType: 'STAFF' }),
    analyst: await people.member({ displayName: 'Ana Lyst' }),
  };
  await people.domain.networks.grantRole(people.viewer(network.admin), { networkId: network.id, memberId: cast.analyst.id, role: 'ANALYST' });
  socialWork = await people.term(network, 'PROFESSION', 'Social worker');
  await people.domain.members.updateNetworkProfile(people.viewer(cast.A), { networkId: network.id, professionId: socialWork.id });
  emails = (await people.domain.read.accounts(Object.values(cast).map((member) => member.id))).map((account) => account!.email);
  await settle();

  // A starts a thread; B and C reply; C marks A's opening post helpful through the gateway.
  const forum = await talk.forum(community);
  const thread = await talk.thread(forum, cast.A, { title: 'Advance care planning conversations' });
  await talk.reply(thread, cast.B);
  await talk.reply(thread, cast.C);
  const reacted = await stack.graphql(`mutation ($id: ID!) { reactToDiscussionPost(input: { postId: $id, kind: HELPFUL }) { post { id } } }`, { id: (await talk.openingPost(thread)).id }, { token: await tokenFor(cast.C) });
  expect(reacted.errors).toBeUndefined();
  // A contributes a resource; A and B attend a webinar held last month, worth 1.5 CPD hours.
  await library.sync();
  await library.resource(community, { by: cast.A });
  await events.attendedEvent(community, [cast.A, cast.B], { title: 'Death literacy webinar', cpdHours: 1.5 });
  await settle();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  if (out) await rm(out, { recursive: true, force: true });
});

type Row = Record<'scope' | 'network' | 'community' | 'period' | 'period_start' | 'period_end' | 'measure' | 'breakdown' | 'category' | 'value' | 'suppressed', string>;

test('an analyst exports the report as CSV through the gateway, and it parses back to the known figures', async () => {
  const steps: string[] = [];
  const { rows } = await runReport({ ...options(await apiToken(cast.analyst, ['READ', 'REPORTS']), 'csv'), step: (message) => steps.push(message) });
  expect(steps.length).toBeGreaterThanOrEqual(2);
  const text = await readFile(join(out, 'report.csv'), 'utf8');
  const parsed = parse(text, { columns: true, skip_empty_lines: true }) as Row[];
  expect(parsed).toHaveLength(rows);
  expect(Object.keys(parsed[0]!)).toEqual(['scope', 'network', 'community', 'period', 'period_start', 'period_end', 'measure', 'breakdown', 'category', 'value', 'suppressed']);
  expect(new Set(parsed.map((row) => row.period))).toEqual(new Set([2, 1, 0].map((back) => thisMonth.minus({ months: back }).toFormat('yyyy-LL'))));
  expect(new Set(parsed.map((row) => row.community))).toEqual(new Set([community.slug]));

  // Totals are exact, summed over the three months whichever month the clock put them in.
  const total = (measure: string) => parsed.filter((row) => row.measure === measure && row.breakdown === 'TOTAL').reduce((sum, row) => sum + Number(row.value), 0);
  expect({
    threads: total('discussion.threads'),
    replies: total('discussion.replies'),
    reactions: total('discussion.reactions'),
    contributed: total('resources.contributed'),
    held: total('events.held'),
    registrations: total('events.registrations'),
    attendance: total('events.attendance'),
    cpdHours: total('events.cpdHours'),
    joined: total('members.joined'),
  }).toEqual({ threads: 1, replies: 2, reactions: 1, contributed: 1, held: 1, registrations: 2, attendance: 2, cpdHours: 3, joined: 5 });
  const current = parsed.filter((row) => row.period === thisMonth.toFormat('yyyy-LL'));
  expect(Number(current.find((row) => row.measure === 'members.total' && row.breakdown === 'TOTAL')!.value)).toBe(5);

  // Every breakdown cell here is a handful of people, so each shows as suppressed, never its value.
  const cells = parsed.filter((row) => row.breakdown === 'PARTICIPANT_TYPE' && row.measure === 'members.total' && row.period === thisMonth.toFormat('yyyy-LL'));
  expect(cells.filter((row) => row.category === 'STAFF')).toEqual([expect.objectContaining({ value: '', suppressed: 'true' })]);
  expect(cells.filter((row) => row.suppressed === 'true').length).toBeGreaterThanOrEqual(2);
  for (const row of parsed.filter((each) => each.suppressed === 'true')) expect(row.value).toBe('');

  // Profession and region cells are named by the network's vocabulary, not by term ids.
  const professions = new Set(parsed.filter((row) => row.breakdown === 'PROFESSION').map((row) => row.category));
  expect(professions).toEqual(new Set(['Social worker', 'NOT_STATED']));
  expect(text).not.toContain(socialWork.id);

  // No names, no emails.
  for (const secret of [...Object.values(cast).map((member) => member.displayName!), ...emails]) expect(text).not.toContain(secret);
});

test('the HTML report is one self-contained page with charts', async () => {
  await runReport(options(await apiToken(cast.analyst, ['READ', 'REPORTS']), 'html'));
  const html = await readFile(join(out, 'report.html'), 'utf8');
  expect(html).toMatch(/^<!doctype html>/i);
  expect(html).toContain('Compassionate Communities');
  expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(2);
  expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/i);
  for (const secret of emails) expect(html).not.toContain(secret);
});

test('a token without the REPORTS scope, a member and a coordinator of another community are refused', async () => {
  await expect(runReport(options(await apiToken(cast.analyst, ['READ']), 'json'))).rejects.toThrow(/^FORBIDDEN/);
  const input = { communityId: community.id, ...range, granularity: 'MONTH' };
  const query = `query ($input: ParticipationReportInput!) { participationReport(input: $input) { buckets { members { total { total } } discussion { threads { total } } } } }`;
  const member = await stack.graphql(query, { input }, { token: await tokenFor(cast.A) });
  expect(member.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(member.data?.participationReport ?? null).toBeNull();
  const elsewhere = await people.community({ network: community.network });
  const stranger = await stack.graphql(query, { input }, { token: await tokenFor(elsewhere.coordinator) });
  expect(stranger.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const own = await stack.graphql<{ participationReport: { buckets: { discussion: { threads: { total: number } } }[] } }>(query, { input }, { token: await tokenFor(community.coordinator) });
  expect(own.errors).toBeUndefined();
  expect(own.data!.participationReport.buckets.reduce((sum, bucket) => sum + bucket.discussion.threads.total, 0)).toBe(1);
  const bad = await stack.graphql(query, { input: { ...input, from: range.to, to: range.from } }, { token: await tokenFor(community.coordinator) });
  expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.to' });
  // A day the month does not have is refused by the Date scalar, naming the argument.
  const impossible = await stack.graphql(query, { input: { ...input, from: '2026-02-30' } }, { token: await tokenFor(community.coordinator) });
  expect(impossible.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(impossible.errors?.[0]?.message).toContain('input.from');
  expect(impossible.data?.participationReport ?? null).toBeNull();
});

test('the report labels its cells once, and counts events held like its other measures', async () => {
  const result = await stack.graphql<{ participationReport: { breakdowns: string[]; terms: { breakdown: string; key: string; label: string; term: { label: string } | null }[]; buckets: { events: { held: number; eventsHeld: { total: number } } }[] } }>(
    `query ($input: ParticipationReportInput!) { participationReport(input: $input) { breakdowns terms { breakdown key label term { label } } buckets { events { held eventsHeld { total } } } } }`,
    { input: { communityId: community.id, ...range, granularity: 'MONTH', breakdowns: ['PARTICIPANT_TYPE', 'PROFESSION'] } },
    { token: await tokenFor(community.coordinator) },
  );
  expect(result.errors).toBeUndefined();
  const report = result.data!.participationReport;
  expect(report.breakdowns).toEqual(['PARTICIPANT_TYPE', 'PROFESSION']);
  expect(report.terms.filter((term) => term.breakdown === 'PROFESSION')).toEqual([
    { breakdown: 'PROFESSION', key: socialWork.id, label: 'Social worker', term: { label: 'Social worker' } },
    { breakdown: 'PROFESSION', key: 'NOT_STATED', label: 'Not stated', term: null },
  ]);
  expect(report.terms.find((term) => term.key === 'CONSUMER_REPRESENTATIVE')).toMatchObject({ breakdown: 'PARTICIPANT_TYPE', label: 'Consumer representative' });
  expect(report.terms.some((term) => term.breakdown === 'REGION')).toBe(false);
  expect(report.buckets.map((bucket) => bucket.events.eventsHeld.total)).toEqual(report.buckets.map((bucket) => bucket.events.held));
});

test('a coordinator sees who has gone quiet; members may not', async () => {
  const query = `query ($id: ID!) { community(id: $id) { memberEngagement(first: 10) { nodes { member { displayName } lastActiveAt threads replies reactions contributions registrations attendances } } } }`;
  const response = await stack.graphql<{ community: { memberEngagement: { nodes: { member: { displayName: string }; lastActiveAt: string | null; [count: string]: unknown }[] } } }>(query, { id: community.id }, { token: await tokenFor(community.coordinator) });
  expect(response.errors).toBeUndefined();
  const nodes = response.data!.community.memberEngagement.nodes;
  // The quiet first: those never active, then the least recently active.
  expect(nodes.slice(0, 2).map((node) => node.lastActiveAt)).toEqual([null, null]);
  expect(nodes.slice(0, 2).map((node) => node.member.displayName).sort()).toEqual(['Coordinator', 'Quinn Quiet'].sort());
  expect(nodes.find((node) => node.member.displayName === 'Aroha Staff-Member')).toMatchObject({ threads: 1, replies: 0, contributions: 1, registrations: 1, attendances: 1 });
  expect(nodes.find((node) => node.member.displayName === 'Cal Carer-Rep')).toMatchObject({ replies: 1, reactions: 1, registrations: 0 });
  expect(nodes.filter((node) => node.lastActiveAt !== null)).toHaveLength(3);

  const asMember = await stack.graphql(query, { id: community.id }, { token: await tokenFor(cast.B) });
  expect(asMember.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
});

test("a member sees their own history: activity from three subgraphs and the CPD log", async () => {
  const response = await stack.graphql<{ me: { activity: { nodes: { kind: string; community: { name: string } | null }[] }; member: { eventCpdLog: { totalHours: number; entries: { nodes: { hours: number }[] } } } } }>(
    `{ me { activity(first: 20) { nodes { kind occurredAt community { name } } } member { eventCpdLog { totalHours entries { nodes { hours } } } } } }`,
    {},
    { token: await tokenFor(cast.A) },
  );
  expect(response.errors).toBeUndefined();
  const { activity, member } = response.data!.me;
  expect(activity.nodes.map((entry) => entry.kind).sort()).toEqual(['ATTENDANCE', 'CONTRIBUTION', 'REGISTRATION', 'THREAD']);
  expect(new Set(activity.nodes.map((entry) => entry.community?.name))).toEqual(new Set(['Compassionate Communities']));
  expect(member.eventCpdLog.totalHours).toBe(1.5);
  expect(member.eventCpdLog.entries.nodes).toEqual([{ hours: 1.5 }]);
});

test("a network admin's network-wide resource counts under their participant type, not as not stated", async () => {
  // The admin joined no community: their profile in the network came from the role (NetworkProfileChanged).
  const library = new ResourceFactories(stack.services.resources as RunningResources, stack.services.membership as RunningMembership);
  await library.shared(network);
  await settle();
  type Buckets = { participationReport: { buckets: { label: string; resources: { contributed: { total: number; byParticipantType: { key: string; value: number | null; suppressed: boolean }[] } } }[] } };
  const result = await stack.graphql<Buckets>(
    `query ($input: ParticipationReportInput!) { participationReport(input: $input) { buckets { label resources { contributed { total byParticipantType { key value suppressed } } } } } }`,
    { input: { networkId: network.id, ...range, granularity: 'MONTH' } },
    { token: await tokenFor(cast.analyst) },
  );
  expect(result.errors).toBeUndefined();
  const now = result.data!.participationReport.buckets.find((bucket) => bucket.label === thisMonth.toFormat('yyyy-LL'))!.resources.contributed;
  // A's resource in the community and the admin's shared one.
  expect(now.total).toBe(2);
  expect(now.byParticipantType.map((cell) => cell.key)).not.toContain('NOT_STATED');
});

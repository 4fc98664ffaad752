import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from '@praxis/platform';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { communityPageQuery } from '../../../../scripts/lib/community-page';
import { REPORT_QUERY } from '../../../../scripts/lib/report/query';

/**
 * Operations real clients send, copied from where they live (named in `source`). The cost test
 * asserts that every one stays under the default cost limit, so a change to the cost model that
 * would refuse a real page shows up here. When a front-end, script or benchmark gains an
 * operation, add it here.
 */
export interface RealOperation {
  name: string;
  source: string;
  query: string;
  variables?: Record<string, unknown>;
}

const ID = 'c0ffee00-0000-4000-8000-000000000001';
const REPORT_CELLS = 'key value suppressed';
const REPORT_COUNT = `total byParticipantType { ${REPORT_CELLS} } byProfession { ${REPORT_CELLS} } byRegion { ${REPORT_CELLS} }`;
const LIBRARY_FACETS = 'facets { kinds { kind count } audiences { audience count } topics { topic { label } count } tags { tag { label } count } communities { community { name } count } }';
const LIBRARY_NODES = 'nodes { id title kind contributor { displayName } topics { label } }';

export const REAL_OPERATIONS: RealOperation[] = [
  {
    name: 'community page: forums, threads, recent threads with opening posts',
    source: 'gateway/e2e/discussion.e2e.test.ts COMMUNITY_PAGE',
    query: `query ($id: ID!) {
      community(id: $id) {
        name
        memberCount
        viewerCan { participate }
        discussionForums { nodes { name threads(first: 10) { nodes { title kind replyCount author { displayName isFormerMember } } } } }
        recentDiscussionThreads(first: 5) { nodes { title replyCount lastActivityAt author { displayName } openingPost { bodyHtml } } }
        viewerDiscussionUnread { unreadPosts }
      }
    }`,
    variables: { id: ID },
  },
  {
    name: 'signed-in community page (soak benchmark)',
    source: 'scripts/lib/community-page.ts',
    query: communityPageQuery({ by: 'slug' }),
    variables: { network: 'hpco', slug: 'hcc-acp' },
  },
  {
    name: 'community page with 20 members (gateway benchmark)',
    source: 'scripts/bench/gateway.ts',
    query: `query ($id: ID!) { community(id: $id) { name memberCount viewerCan { participate } members(first: 20) { totalCount nodes { role member { displayName participantType } profession { label } } } } }`,
    variables: { id: ID },
  },
  { name: 'me (gateway benchmark)', source: 'scripts/bench/gateway.ts', query: `{ me { email member { displayName } } }` },
  {
    name: 'thread page: the thread, its opening post and a page of replies',
    source: 'front-end thread page, as the SDL offers it (gateway/e2e/discussion.e2e.test.ts reads parts of it)',
    query: `query ($id: ID!) {
      discussionThread(id: $id) {
        id title kind tags locked pinned replyCount viewerFollowing viewerCanReply createdAt
        author { displayName isFormerMember handle }
        openingPost { id bodyHtml createdAt editedAt mentions { displayName handle } reactions { likeCount helpfulCount viewerLiked viewerFoundHelpful } }
        acceptedAnswer { id }
        replies(first: 20) {
          pageInfo { hasNextPage endCursor }
          nodes { id bodyHtml createdAt editedAt isAcceptedAnswer viewerIsAuthor author { displayName isFormerMember } mentions { displayName handle } replyTo { id author { displayName } } reactions { likeCount helpfulCount viewerLiked } }
        }
      }
    }`,
    variables: { id: ID },
  },
  {
    name: 'event discussion thread',
    source: 'gateway/e2e/discussion.e2e.test.ts',
    query: `query ($id: ID!) { discussionThread(id: $id) { subject { __typename ... on Event { id discussion { replyCount openingPost { bodyMarkdown author { displayName } } } discussionViewerCanComment } } } }`,
    variables: { id: ID },
  },
  {
    name: 'upcoming events on a community page',
    source: 'gateway/e2e/events.e2e.test.ts',
    query: `query ($id: ID!) { community(id: $id) { name memberCount upcomingEvents(first: 10) { nodes { title kind capacity registeredCount waitlistCount placesLeft cpdHours
       joinUrl viewerRegistration { status } organiser { displayName } speakers { name member { displayName } } community { name } } } } }`,
    variables: { id: ID },
  },
  {
    name: "a member's CPD log",
    source: 'gateway/e2e/events.e2e.test.ts',
    query: `{ me { member { displayName eventCpdLog { totalHours yearTotals { year events hours } entries(first: 10) { nodes { eventTitle hours certificateCode certificateUrl event { community { name } } } } } } } }`,
  },
  {
    name: 'me page: memberships, CPD log and registrations under me',
    source: 'gateway/e2e/me.e2e.test.ts',
    query: `{ me { memberId memberships(first: 5) { nodes { community { name } } } cpdLog { totalHours entries(first: 10) { nodes { eventTitle } } }
       eventRegistrations(first: 10) { nodes { status event { title } } } } }`,
  },
  {
    name: "coordinator's member page: a member's registrations and CPD log in the community",
    source: 'gateway/e2e/community-member-records.e2e.test.ts MEMBER_PAGE',
    query: `query ($id: ID!, $member: ID!) { community(id: $id) { name
      memberEventRegistrations(memberId: $member, first: 10) { nodes { status event { title } member { displayName } } }
      memberCpdLog(memberId: $member) { totalHours entries(first: 10) { nodes { eventTitle } } } } }`,
    variables: { id: ID, member: ID },
  },
  {
    name: 'register for an event, and cancel',
    source: 'gateway/e2e/me.e2e.test.ts',
    query: `mutation ($id: ID!) { registerForEvent(input: { eventId: $id }) { registration { status } seriesRegistrations { id } promotedCount } }`,
    variables: { id: ID },
  },
  {
    name: "a month's event calendar (calendar benchmark)",
    source: 'scripts/bench/calendar.ts',
    query: `query ($from: DateTime!, $to: DateTime!, $after: String) {
      eventCalendar(from: $from, to: $to, first: 100, after: $after) {
        nodes { id title kind startsAt registeredCount placesLeft attendedCount viewerRegistration { status } community { id } }
        pageInfo { hasNextPage endCursor }
      } }`,
    variables: { from: '2026-12-01T00:00:00Z', to: '2027-01-01T00:00:00Z' },
  },
  {
    name: 'community library page with facets',
    source: 'gateway/e2e/resources.e2e.test.ts LIBRARY_PAGE',
    query: `query ($id: ID!, $filter: LibraryFilter) {
      community(id: $id) {
        name
        library(first: 10, filter: $filter) {
          totalCount
          nodes { title kind community { name } contributor { displayName isFormerMember } topics { label } tags { label } }
          facets { kinds { kind count } topics { topic { label } count } tags { tag { label } count } communities { community { name } count } }
        }
        featuredResources { nodes { title } }
      }
    }`,
    variables: { id: ID, filter: { topicIds: [ID] } },
  },
  {
    name: 'library search, first 20, all facets (library benchmark)',
    source: 'scripts/bench/library.ts',
    query: `query ($c: ID!) { community(id: $c) { library(first: 20, orderBy: MOST_VIEWED, filter: { search: "consumer engagement", kinds: [TOOLKIT, CASE_STUDY] }) { totalCount ${LIBRARY_NODES} ${LIBRARY_FACETS} } } }`,
    variables: { c: ID },
  },
  {
    name: 'network library search by topic (library benchmark)',
    source: 'scripts/bench/library.ts',
    query: `query ($n: ID!, $t: ID!) { resourceLibrary(networkId: $n, first: 20, filter: { topicIds: [$t] }) { totalCount ${LIBRARY_NODES} ${LIBRARY_FACETS} } }`,
    variables: { n: ID, t: ID },
  },
  {
    name: 'scale network lookup (library benchmark)',
    source: 'scripts/bench/library.ts',
    query: 'query { network(slug: "scale-network") { id vocabulary(kind: TOPIC) { id } communities(search: "Scale Community", first: 1) { nodes { id } } } }',
  },
  {
    name: 'discussion search, first 20 (search benchmark)',
    source: 'scripts/bench/search.ts',
    query: `query ($q: String!, $f: DiscussionSearchFilter, $after: String) { discussionSearch(query: $q, filter: $f, first: 20, after: $after) {
      pageInfo { endCursor hasNextPage } nodes { rank snippetHtml post { id createdAt author { displayName } } thread { title } } } }`,
    variables: { q: 'palliative sedation', f: { tag: 'rural' } },
  },
  {
    name: 'join request queue with answers',
    source: 'gateway/e2e/membership.e2e.test.ts',
    query: `query ($id: ID!) { community(id: $id) { joinRequests { totalCount nodes { member { displayName email } answers { prompt answer } } } } }`,
    variables: { id: ID },
  },
  {
    name: "one member's join requests, every decision, latest decided first",
    source: 'services/membership/src/__tests__/join-requests.test.ts',
    query: `query ($id: ID!, $member: ID, $after: String) { community(id: $id) { joinRequests(status: null, member: $member, orderBy: DECIDED_NEWEST_FIRST, first: 20, after: $after) {
      totalCount pageInfo { endCursor hasNextPage } nodes { id status createdAt decidedAt declineReason decidedBy { displayName } member { displayName } } } } }`,
    variables: { id: ID, member: ID },
  },
  {
    name: 'membership history',
    source: 'gateway/e2e/membership.e2e.test.ts',
    query: `query ($id: ID!) { community(id: $id) { membershipHistory(first: 1) { nodes { change member { displayName } actor { displayName } } } } }`,
    variables: { id: ID },
  },
  {
    name: 'member engagement (coordinators)',
    source: 'gateway/e2e/reports.e2e.test.ts',
    query: `query ($id: ID!) { community(id: $id) { memberEngagement(first: 10) { nodes { member { displayName } lastActiveAt threads replies reactions contributions registrations attendances } } } }`,
    variables: { id: ID },
  },
  {
    name: 'me page: activity and CPD hours',
    source: 'gateway/e2e/reports.e2e.test.ts',
    query: `{ me { activity(first: 20) { nodes { kind occurredAt community { name } } } member { eventCpdLog { totalHours entries { nodes { hours } } } } } }`,
  },
  {
    name: 'me and memberships (README)',
    source: 'README.md, Try it',
    query: `{ me { email memberships(first: 5) { nodes { role community { name memberCount joinRequests { totalCount } } } } } }`,
  },
  {
    name: 'me and a community directory count',
    source: 'gateway/e2e/smoke.e2e.test.ts',
    query: `query ($id: ID!) { me { member { id } } community(id: $id) { members(first: 10) { totalCount } } }`,
    variables: { id: ID },
  },
  {
    name: 'networks and their communities',
    source: 'issue 12, defect 5',
    query: `{ networks(first: 20) { nodes { communities(first: 50) { nodes { id name slug memberCount description } } } } }`,
  },
  {
    name: 'networks page (limits test)',
    source: 'gateway/e2e/limits.e2e.test.ts',
    query: `{ networks(first: 10) { nodes { id name communities(first: 10) { nodes { name memberCount } } } } }`,
  },
  {
    name: 'participation report, a community, a year by month',
    source: 'scripts/lib/report/query.ts REPORT_QUERY (npm run report, bench:report)',
    query: REPORT_QUERY,
    variables: { input: { communityId: ID, from: '2026-01-01', to: '2027-01-01', granularity: 'MONTH' } },
  },
  {
    name: 'participation report, a network, a year by quarter',
    source: 'scripts/lib/report/query.ts REPORT_QUERY (README example)',
    query: REPORT_QUERY,
    variables: { input: { networkId: ID, from: '2026-01-01', to: '2027-01-01', granularity: 'QUARTER' } },
  },
  {
    name: 'participation report, a community, a year by week',
    source: 'scripts/lib/report/query.ts REPORT_QUERY (npm run report -- --by week)',
    query: REPORT_QUERY,
    variables: { input: { communityId: ID, from: '2026-01-01', to: '2027-01-01', granularity: 'WEEK' } },
  },
  {
    name: 'participation report, resources by participant type',
    source: 'gateway/e2e/reports.e2e.test.ts',
    query: `query ($input: ParticipationReportInput!) { participationReport(input: $input) { buckets { label resources { contributed { total byParticipantType { key value suppressed } } } } } }`,
    variables: { input: { networkId: ID, from: '2026-10-01', to: '2027-01-01', granularity: 'MONTH' } },
  },
  {
    name: 'participation report, events part (report benchmark)',
    source: 'scripts/bench/report.ts',
    query: `query ($input: ParticipationReportInput!) { participationReport(input: $input) { buckets { label events { eventsHeld { ${REPORT_COUNT} } registrations { ${REPORT_COUNT} } attendance { ${REPORT_COUNT} } attendanceRate cpdHours { ${REPORT_COUNT} } } } } }`,
    variables: { input: { communityId: ID, from: '2026-01-01', to: '2027-01-01', granularity: 'MONTH' } },
  },
];

/**
 * Every operation the admin app can send, from the manifest its codegen writes (checked by
 * `npm run check:generated`), so a new screen is costed without anyone copying it here. Page
 * sizes sent as variables are costed at the graph's maximum of 100, the worst a client can ask.
 */
export const ADMIN_APP_OPERATIONS: RealOperation[] = Object.values(
  JSON.parse(readFileSync(resolve(REPO_ROOT, 'admin/src/gql/persisted-documents.json'), 'utf8')) as Record<string, string>,
).flatMap((query) => {
  const operation = parse(query).definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  if (!operation) return [];
  const variables = Object.fromEntries(
    (operation.variableDefinitions ?? []).filter((definition) => /^(first|last)$|First$/.test(definition.variable.name.value)).map((definition) => [definition.variable.name.value, 100]),
  );
  return [{ name: `admin app: ${operation.name?.value ?? 'anonymous'}`, source: 'admin/src/gql/persisted-documents.json', query, variables }];
});

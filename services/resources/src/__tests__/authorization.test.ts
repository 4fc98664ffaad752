import { memberViewer, type Viewer } from '@praxis/platform';
import { membership, newCast, type Cast } from '@praxis/membership/testing';
import { asViewer, judged, rules, startSubgraphTest, VIEWER_KINDS, viewerMatrix, type Expectations, type Outcome, type SubgraphTest, type ViewerKind } from '@praxis/platform/testing';
import { resources } from '../testing';

/**
 * Every operation of the library, as every kind of viewer, against a members-only community
 * (and, below, a public one). Expected outcomes: OK, NONE (a read by id that answers null, as
 * it does for whoever may not see the resource), or the error code the viewer must get. A
 * mutation's target the viewer may not see is NOT_FOUND, never FORBIDDEN (ADR 8).
 */
let stack: SubgraphTest<typeof resources, [typeof membership]>;
let viewers: Record<ViewerKind, Viewer>;
let world: Awaited<ReturnType<typeof buildWorld>>;

async function buildWorld() {
  const { factories } = stack;
  const people = factories.people;
  const kinds = await newCast(people, { visibility: 'MEMBERS_ONLY', joinPolicy: 'APPROVAL' });
  const { community, moderator, member, banned } = kinds;
  const other = await people.community({ network: community.network, coordinator: community.coordinator, visibility: 'MEMBERS_ONLY' });
  const contributor = await people.memberOf(community);
  const curated = await people.community({ network: community.network, coordinator: community.coordinator, visibility: 'MEMBERS_ONLY' });
  for (const person of [moderator, member, contributor]) await people.join(curated, person, person === moderator ? 'MODERATOR' : 'MEMBER');
  const bannedFromCurated = banned;
  await people.join(curated, bannedFromCurated);
  await people.ban(curated, bannedFromCurated);
  await factories.domain.curation.updateSettings(factories.as(community.coordinator), { communityId: curated.id, curated: true });
  const published = await factories.document(community, { by: contributor });
  const eventId = await factories.event(community);
  await factories.domain.eventLinks.link(factories.as(community.coordinator), { resourceId: published.id, eventId, role: 'SLIDES' });
  viewers = Object.fromEntries(VIEWER_KINDS.map((kind) => [kind, asViewer(kinds[kind])])) as Record<ViewerKind, Viewer>;
  return { community, other, curated, contributor, published, eventId };
}

beforeAll(async () => {
  stack = await startSubgraphTest(resources, { with: [membership] });
  world = await buildWorld();
}, 60_000);
afterAll(() => stack?.stop());

const { readers, participants, admins, onTarget, byId } = rules;
const curators = rules.moderators;
const coordinators = rules.coordinators;
/** A submission waiting for curation is seen only by its contributor and curators. */
const pendingTarget: Expectations = { ...onTarget(curators), member: 'NOT_FOUND' };

interface Case {
  name: string;
  query: string;
  /** Fresh variables for each viewer, so one viewer's success cannot change the next one's case. */
  variables: () => Promise<Record<string, unknown>>;
  expected: Expectations;
}

const f = () => stack.factories;
const communityField = (field: string) => `query ($id: ID!) { _entities(representations: [{ __typename: "Community", id: $id }]) { ... on Community { ${field} } } }`;
const mutation = (name: string, input: string, selection = '__typename') => `mutation ($input: ${input}!) { ${name}(input: $input) { ${selection} } }`;
const pending = async () => (await f().resource(world.curated, { by: world.contributor })).id;

const CASES: Case[] = [
  { name: 'Community.library', query: communityField('library(first: 5) { totalCount }'), variables: async () => ({ id: world.community.id }), expected: readers },
  { name: 'Community.featuredResources', query: communityField('featuredResources { nodes { id } }'), variables: async () => ({ id: world.community.id }), expected: readers },
  { name: 'Community.resourceCollections', query: communityField('resourceCollections { nodes { id } }'), variables: async () => ({ id: world.community.id }), expected: readers },
  { name: 'Community.libraryTags', query: communityField('libraryTags { id }'), variables: async () => ({ id: world.community.id }), expected: readers },
  { name: 'Community.librarySettings', query: communityField('librarySettings { curated }'), variables: async () => ({ id: world.community.id }), expected: readers },
  { name: 'Community.libraryCurationQueue', query: communityField('libraryCurationQueue { nodes { id } }'), variables: async () => ({ id: world.curated.id }), expected: curators },
  { name: 'Query.resource', query: 'query ($id: ID!) { resource(id: $id) { id } }', variables: async () => ({ id: world.published.id }), expected: byId(readers) },
  {
    name: 'Resource.dailyStats',
    query: 'query ($id: ID!) { resource(id: $id) { dailyStats(from: "2026-01-01", to: "2026-12-31") { day } } }',
    variables: async () => ({ id: world.published.id }),
    expected: byId(curators),
  },
  {
    name: 'Event.resources',
    query: 'query ($id: ID!, $c: ID!) { _entities(representations: [{ __typename: "Event", id: $id, communityId: $c }]) { ... on Event { resources { edges { role } } } } }',
    variables: async () => ({ id: world.eventId, c: world.community.id }),
    expected: readers,
  },
  { name: 'Query.brokenResourceLinks (community)', query: 'query ($n: ID!, $c: ID) { brokenResourceLinks(networkId: $n, communityId: $c) { nodes { id } } }', variables: async () => ({ n: world.community.networkId, c: world.community.id }), expected: curators },
  { name: 'Query.brokenResourceLinks (network)', query: 'query ($n: ID!) { brokenResourceLinks(networkId: $n) { nodes { id } } }', variables: async () => ({ n: world.community.networkId }), expected: admins },
  {
    name: 'createResourceUpload',
    query: mutation('createResourceUpload', 'CreateResourceUploadInput', 'upload { id }'),
    variables: async () => ({ input: { communityId: world.community.id, fileName: 'notes.pdf' } }),
    expected: participants,
  },
  {
    name: 'createResource',
    query: mutation('createResource', 'CreateResourceInput', 'resource { id }'),
    variables: async () => ({ input: { communityId: world.community.id, title: 'A link', kind: 'LINK', audience: 'STAFF', url: 'https://example.org/a' } }),
    expected: participants,
  },
  {
    name: 'createResource (network-wide)',
    query: mutation('createResource', 'CreateResourceInput', 'resource { id }'),
    variables: async () => ({ input: { networkId: world.community.networkId, title: 'Shared', kind: 'FRAMEWORK', audience: 'STAFF', url: 'https://example.org/s' } }),
    expected: admins,
  },
  {
    name: 'updateResource (someone else’s)',
    query: mutation('updateResource', 'UpdateResourceInput', 'resource { revision }'),
    variables: async () => ({ input: { id: (await f().resource(world.community, { by: world.contributor })).id, title: 'Renamed' } }),
    expected: onTarget(curators),
  },
  {
    name: 'deleteResource (someone else’s)',
    query: mutation('deleteResource', 'ResourceReferenceInput', 'resourceId'),
    variables: async () => ({ input: { resourceId: (await f().resource(world.community, { by: world.contributor })).id } }),
    expected: onTarget(curators),
  },
  {
    name: 'moveResource',
    query: mutation('moveResource', 'MoveResourceInput', 'resource { communityId }'),
    variables: async () => ({ input: { id: (await f().resource(world.community, { by: world.contributor })).id, communityId: world.other.id } }),
    // The moderator curates the source but not the destination.
    expected: onTarget({ ...curators, moderator: 'FORBIDDEN' }),
  },
  { name: 'approveResource', query: mutation('approveResource', 'ResourceReferenceInput', 'resource { status }'), variables: async () => ({ input: { resourceId: await pending() } }), expected: pendingTarget },
  { name: 'rejectResource', query: mutation('rejectResource', 'RejectResourceInput', 'resource { status }'), variables: async () => ({ input: { resourceId: await pending(), reason: 'Off topic' } }), expected: pendingTarget },
  {
    name: 'setResourceFeatured',
    query: mutation('setResourceFeatured', 'SetResourceFeaturedInput', 'resource { featuredAt }'),
    variables: async () => ({ input: { resourceId: (await f().resource(world.community)).id, featured: true } }),
    expected: onTarget(coordinators),
  },
  {
    name: 'createResourceCollection',
    query: mutation('createResourceCollection', 'CreateResourceCollectionInput', 'collection { id }'),
    variables: async () => ({ input: { communityId: world.community.id, title: 'Start here' } }),
    expected: coordinators,
  },
  {
    name: 'updateResourceCollection',
    query: mutation('updateResourceCollection', 'UpdateResourceCollectionInput', 'collection { title }'),
    variables: async () => ({ input: { id: (await f().domain.collections.create(f().as(world.community.coordinator), { communityId: world.community.id, title: 'C' })).id, title: 'D' } }),
    expected: onTarget(coordinators),
  },
  {
    name: 'deleteResourceCollection',
    query: mutation('deleteResourceCollection', 'ResourceCollectionReferenceInput', 'collectionId'),
    variables: async () => ({ input: { collectionId: (await f().domain.collections.create(f().as(world.community.coordinator), { communityId: world.community.id, title: 'C' })).id } }),
    expected: onTarget(coordinators),
  },
  {
    name: 'setResourceCollectionItems',
    query: mutation('setResourceCollectionItems', 'SetResourceCollectionItemsInput', 'collection { itemCount }'),
    variables: async () => ({
      input: { collectionId: (await f().domain.collections.create(f().as(world.community.coordinator), { communityId: world.community.id, title: 'C' })).id, resourceIds: [world.published.id] },
    }),
    expected: onTarget(coordinators),
  },
  {
    name: 'updateLibrarySettings',
    query: mutation('updateLibrarySettings', 'UpdateLibrarySettingsInput', 'settings { curated }'),
    variables: async () => ({ input: { communityId: world.community.id, curated: false } }),
    expected: coordinators,
  },
  {
    name: 'createLibraryTag',
    query: mutation('createLibraryTag', 'CreateLibraryTagInput', 'tag { id }'),
    variables: async () => ({ input: { communityId: world.community.id, label: `Tag ${Math.random()}` } }),
    expected: coordinators,
  },
  {
    name: 'updateLibraryTag',
    query: mutation('updateLibraryTag', 'UpdateLibraryTagInput', 'tag { label }'),
    variables: async () => ({ input: { id: (await f().tag(world.community)).id, label: `Renamed ${Math.random()}` } }),
    expected: onTarget(coordinators),
  },
  { name: 'recordResourceView', query: mutation('recordResourceView', 'ResourceReferenceInput', 'resource { viewCount }'), variables: async () => ({ input: { resourceId: world.published.id } }), expected: { ...onTarget(readers), anonymous: 'NOT_FOUND' } },
  { name: 'requestResourceDownload', query: mutation('requestResourceDownload', 'ResourceReferenceInput', 'url'), variables: async () => ({ input: { resourceId: world.published.id } }), expected: { ...onTarget(readers), anonymous: 'NOT_FOUND' } },
  {
    name: 'setResourceHelpful',
    query: mutation('setResourceHelpful', 'SetResourceHelpfulInput', 'resource { helpfulCount }'),
    variables: async () => ({ input: { resourceId: world.published.id, helpful: true } }),
    expected: onTarget(participants),
  },
  {
    name: 'setResourceBookmarked',
    query: mutation('setResourceBookmarked', 'SetResourceBookmarkedInput', 'resource { id }'),
    variables: async () => ({ input: { resourceId: world.published.id, bookmarked: true } }),
    expected: onTarget(readers),
  },
  {
    name: 'linkResourceToEvent',
    query: mutation('linkResourceToEvent', 'LinkResourceToEventInput', 'link { role }'),
    variables: async () => ({ input: { resourceId: (await f().resource(world.community, { by: world.contributor })).id, eventId: world.eventId, role: 'RECORDING' } }),
    expected: onTarget(curators),
  },
  {
    name: 'unlinkResourceFromEvent',
    query: mutation('unlinkResourceFromEvent', 'UnlinkResourceFromEventInput', 'resource { id }'),
    variables: async () => {
      const resource = await f().resource(world.community, { by: world.contributor });
      await f().domain.eventLinks.link(f().as(world.community.coordinator), { resourceId: resource.id, eventId: world.eventId, role: 'OTHER' });
      return { input: { resourceId: resource.id, eventId: world.eventId } };
    },
    expected: onTarget(curators),
  },
];

async function outcome(query: string, variables: Record<string, unknown>, viewer: Viewer): Promise<Outcome> {
  return judged(await stack.run(query, variables, viewer), (data) => (Object.values(data).every((value) => value === null) ? 'NONE' : 'OK'));
}

describe('a members-only community', () => {
  describe.each(CASES)('$name', (entry) => {
    viewerMatrix(entry.expected, async (kind) => outcome(entry.query, await entry.variables(), viewers[kind]));
  });

  test('a contributor edits and deletes their own resource, and links it to an event, while a member', async () => {
    const as = memberViewer(world.contributor.id);
    const own = await f().resource(world.community, { by: world.contributor });
    expect(await outcome(mutation('updateResource', 'UpdateResourceInput', 'resource { id }'), { input: { id: own.id, title: 'Mine' } }, as)).toBe('OK');
    expect(await outcome(mutation('linkResourceToEvent', 'LinkResourceToEventInput', 'link { role }'), { input: { resourceId: own.id, eventId: world.eventId, role: 'HANDOUT' } }, as)).toBe('OK');
    expect(await outcome('query ($id: ID!) { resource(id: $id) { dailyStats(from: "2026-01-01", to: "2026-01-31") { day } } }', { id: own.id }, as)).toBe('OK');
    expect(await outcome(mutation('deleteResource', 'ResourceReferenceInput', 'resourceId'), { input: { resourceId: own.id } }, as)).toBe('OK');
  });

  test('a network-wide search shows members-only resources only to those who may read them', async () => {
    const query = 'query ($n: ID!) { resourceLibrary(networkId: $n, first: 100) { nodes { id } } }';
    const seen: Record<string, boolean> = {};
    for (const role of VIEWER_KINDS) {
      const result = await stack.run(query, { n: world.community.networkId }, viewers[role]);
      expect(result.errors).toBeUndefined();
      seen[role] = (result.data as { resourceLibrary: { nodes: { id: string }[] } }).resourceLibrary.nodes.some((node) => node.id === world.published.id);
    }
    expect(seen).toEqual({ anonymous: false, nonMember: false, member: true, moderator: true, coordinator: true, admin: true, banned: false, analyst: false });
  });

  test('bookmarks are private to their member', async () => {
    const query = 'query ($id: ID!) { _entities(representations: [{ __typename: "Member", id: $id }]) { ... on Member { resourceBookmarks { edges { node { id } } } } } }';
    const memberId = (viewers.member.memberId)!;
    await f().domain.engagement.setBookmarked(f().as(memberId), { resourceId: world.published.id, bookmarked: true });
    const own = await stack.run(query, { id: memberId }, viewers.member);
    expect(own.data).toEqual({ _entities: [{ resourceBookmarks: { edges: [{ node: { id: world.published.id } }] } }] });
    for (const role of VIEWER_KINDS.filter((candidate) => candidate !== 'member')) {
      expect((await stack.run(query, { id: memberId }, viewers[role])).data).toEqual({ _entities: [{ resourceBookmarks: null }] });
    }
  });
});

describe('a public community (FORBIDDEN is shown by its reason)', () => {
  let open: Cast;
  let resource: { id: string };

  beforeAll(async () => {
    open = await newCast(f().people, { visibility: 'PUBLIC' });
    resource = await f().document(open.community);
  });

  describe.each([
    ['reading the library', communityField('library { totalCount }'), () => ({ id: open.community.id }), { anonymous: 'OK', nonMember: 'OK', member: 'OK', banned: 'OK' }],
    ['counting a view', mutation('recordResourceView', 'ResourceReferenceInput', 'resource { id }'), () => ({ input: { resourceId: resource.id } }), { anonymous: 'OK', nonMember: 'OK', member: 'OK', banned: 'OK' }],
    ['a download link', mutation('requestResourceDownload', 'ResourceReferenceInput', 'url'), () => ({ input: { resourceId: resource.id } }), { anonymous: 'OK', nonMember: 'OK', member: 'OK', banned: 'OK' }],
    [
      'contributing',
      mutation('createResource', 'CreateResourceInput', 'resource { id }'),
      () => ({ input: { communityId: open.community.id, title: 'Open link', kind: 'LINK', audience: 'EVERYONE', url: 'https://example.org/open' } }),
      { anonymous: 'UNAUTHENTICATED', nonMember: 'NOT_A_MEMBER', member: 'OK', banned: 'BANNED' },
    ],
    [
      'marking helpful',
      mutation('setResourceHelpful', 'SetResourceHelpfulInput', 'resource { id }'),
      () => ({ input: { resourceId: resource.id, helpful: true } }),
      { anonymous: 'UNAUTHENTICATED', nonMember: 'NOT_A_MEMBER', member: 'OK', banned: 'BANNED' },
    ],
  ] as const)('%s', (_name, query, variables, expected) => {
    viewerMatrix(expected, async (kind) => {
      const result = await stack.run(query, variables(), open[kind]);
      return result.errors ? String(result.errors[0]!.extensions?.reason ?? result.errors[0]!.extensions?.code) : 'OK';
    });
  });
});

import { memberViewer } from '@praxis/platform';
import type { DomainError } from '@praxis/platform';
import { membership } from '@praxis/membership/testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { resources } from '../testing';

let stack: SubgraphTest<typeof resources, [typeof membership]>;
type Community = Awaited<ReturnType<SubgraphTest<typeof resources, [typeof membership]>['factories']['people']['community']>>;
let community: Community;
let moderator: { id: string };
let member: { id: string };
let other: { id: string };

beforeAll(async () => {
  stack = await startSubgraphTest(resources, { with: [membership] });
  const { factories } = stack;
  community = await factories.people.community({ visibility: 'MEMBERS_ONLY' });
  moderator = await factories.people.memberOf(community, 'MODERATOR');
  member = await factories.people.memberOf(community);
  other = await factories.people.memberOf(community);
  await factories.domain.curation.updateSettings(factories.as(community.coordinator), { communityId: community.id, curated: true });
});
afterAll(() => stack?.stop());

const f = () => stack.factories;
const communityQuery = async (field: string, viewerId: string): Promise<string[]> => {
  const result = await stack.run(
    `query ($id: ID!) { _entities(representations: [{ __typename: "Community", id: $id }]) { ... on Community { ${field}(first: 100) { nodes { id } } } } }`,
    { id: community.id },
    memberViewer(viewerId),
  );
  expect(result.errors).toBeUndefined();
  return (result.data as { _entities: Record<string, { nodes: { id: string }[] }>[] })._entities[0]![field]!.nodes.map((node) => node.id);
};
const library = (viewerId: string) => communityQuery('library', viewerId);
const queue = (viewerId: string) => communityQuery('libraryCurationQueue', viewerId);
const view = async (id: string, viewerId: string) =>
  ((await stack.run('query ($id: ID!) { resource(id: $id) { id status rejectionReason reviewedBy { id } revision } }', { id }, memberViewer(viewerId))).data as { resource: Record<string, unknown> | null }).resource;
const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: DomainError) => ({ code: error.code, reason: error.reason, field: error.field }));

test('in a curated library a member’s submission waits, and a curator decides with a reason', async () => {
  const submitted = await f().resource(community, { by: member, input: { title: 'Terms of reference template' } });
  expect(submitted.status).toBe('PENDING_REVIEW');
  expect(await library(other.id)).not.toContain(submitted.id);
  expect(await view(submitted.id, other.id)).toBeNull();
  expect(await view(submitted.id, member.id)).toMatchObject({ status: 'PENDING_REVIEW' });
  expect(await queue(moderator.id)).toEqual([submitted.id]);

  const rejected = await f().domain.curation.reject(f().as(moderator), { resourceId: submitted.id, reason: 'Please add who wrote it.' });
  expect(rejected.status).toBe('REJECTED');
  expect(await view(submitted.id, member.id)).toMatchObject({ status: 'REJECTED', rejectionReason: 'Please add who wrote it.', reviewedBy: { id: moderator.id } });
  expect(await failure(f().domain.curation.approve(f().as(moderator), { resourceId: submitted.id }))).toEqual({ code: 'CONFLICT', reason: 'INVALID_STATE', field: undefined });
  expect(await failure(f().domain.curation.reject(f().as(moderator), { resourceId: submitted.id, reason: '  ' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });

  // The contributor fixes it: it asks for curation again, and is approved.
  await f().domain.contributions.update(f().as(member), { id: submitted.id, sourceName: 'Example Health Service' });
  expect(await view(submitted.id, member.id)).toMatchObject({ status: 'PENDING_REVIEW', rejectionReason: null });
  await f().domain.curation.approve(f().as(community.coordinator), { resourceId: submitted.id });
  expect(await library(other.id)).toContain(submitted.id);
  expect(await queue(moderator.id)).toEqual([]);

  const history = await stack.run(
    'query ($id: ID!) { resource(id: $id) { revisions { nodes { revision change actor { id } note status sourceName: title } } } }',
    { id: submitted.id },
    memberViewer(member.id),
  );
  expect((history.data as { resource: { revisions: { nodes: unknown[] } } }).resource.revisions.nodes).toEqual([
    { revision: 4, change: 'APPROVED', actor: { id: community.coordinator.id }, note: null, status: 'PUBLISHED', sourceName: 'Terms of reference template' },
    { revision: 3, change: 'EDITED', actor: { id: member.id }, note: null, status: 'PENDING_REVIEW', sourceName: 'Terms of reference template' },
    { revision: 2, change: 'REJECTED', actor: { id: moderator.id }, note: 'Please add who wrote it.', status: 'REJECTED', sourceName: 'Terms of reference template' },
    { revision: 1, change: 'CREATED', actor: { id: member.id }, note: null, status: 'PENDING_REVIEW', sourceName: 'Terms of reference template' },
  ]);
});

test('curators’ own submissions are published at once', async () => {
  expect((await f().resource(community, { by: moderator })).status).toBe('PUBLISHED');
});

test('concurrent edits all land as distinct revisions; a stale one is refused', async () => {
  const resource = await f().resource(community, { by: moderator });
  const titles = ['One', 'Two', 'Three', 'Four', 'Five'];
  await Promise.all(titles.map((title) => f().domain.contributions.update(f().as(moderator), { id: resource.id, title })));
  const rows: { revision: number }[] = await stack.running.runtime.db.query('SELECT revision FROM resource_revisions WHERE resource_id = $1 ORDER BY revision', [resource.id]);
  expect(rows.map((row) => row.revision)).toEqual([1, 2, 3, 4, 5, 6]);
  expect(await failure(f().domain.contributions.update(f().as(moderator), { id: resource.id, expectedRevision: 3, title: 'Late' }))).toEqual({ code: 'CONFLICT', reason: 'INVALID_STATE', field: 'input.expectedRevision' });
  expect((await f().domain.contributions.update(f().as(moderator), { id: resource.id, expectedRevision: 6, title: 'On time' })).revision).toBe(7);
});

test('coordinators feature resources and keep ordered collections', async () => {
  const [a, b, c] = [await f().resource(community, { by: moderator }), await f().resource(community, { by: moderator }), await f().resource(community, { by: moderator })];
  const as = f().as(community.coordinator);
  await f().domain.curation.setFeatured(as, { resourceId: b.id, featured: true });
  await f().domain.curation.setFeatured(as, { resourceId: a.id, featured: true });
  const collection = await f().domain.collections.create(as, { communityId: community.id, title: 'Start here', description: 'Read these first.' });
  await f().domain.collections.setItems(as, { collectionId: collection.id, resourceIds: [c.id, a.id, b.id] });
  const result = await stack.run(
    `query ($id: ID!) { _entities(representations: [{ __typename: "Community", id: $id }]) { ... on Community {
       featuredResources { nodes { id } } resourceCollections { nodes { title description itemCount items { nodes { id } } } } } } }`,
    { id: community.id },
    memberViewer(other.id),
  );
  expect(result.data).toEqual({
    _entities: [{ featuredResources: { nodes: [{ id: a.id }, { id: b.id }] }, resourceCollections: { nodes: [{ title: 'Start here', description: 'Read these first.', itemCount: 3, items: { nodes: [{ id: c.id }, { id: a.id }, { id: b.id }] } }] } }],
  });
  const pending = await f().resource(community, { by: member });
  expect(await failure(f().domain.collections.setItems(as, { collectionId: collection.id, resourceIds: [a.id, pending.id] }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.resourceIds.1' });
  expect(await failure(f().domain.collections.setItems(as, { collectionId: collection.id, resourceIds: [a.id, a.id] }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.resourceIds' });
  expect(await failure(f().domain.curation.setFeatured(as, { resourceId: pending.id, featured: true }))).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_STATE' });
});

test('moving a resource drops what belonged to the old community and tells other services', async () => {
  const as = f().as(community.coordinator);
  const target = await f().people.community({ network: community.network, coordinator: community.coordinator });
  const tag = await f().tag(community);
  const resource = await f().resource(community, { by: moderator, input: { tagIds: [tag.id] } });
  await f().domain.curation.setFeatured(as, { resourceId: resource.id, featured: true });
  const collection = await f().domain.collections.create(as, { communityId: community.id, title: 'Old home' });
  await f().domain.collections.setItems(as, { collectionId: collection.id, resourceIds: [resource.id] });
  const eventId = await f().event(community);
  await f().domain.eventLinks.link(as, { resourceId: resource.id, eventId, role: 'SLIDES' });

  const moved = await f().domain.contributions.move(as, { id: resource.id, communityId: target.id });
  expect(moved).toMatchObject({ communityId: target.id, featuredAt: null });
  expect(await f().domain.read.tagsOfResources([resource.id])).toEqual([[]]);
  expect(await f().domain.read.collectionItemCounts([collection.id])).toEqual([0]);
  expect(await f().domain.read.eventLinksOfResources([resource.id])).toEqual([[]]);
  await stack.running.runtime.relay.drain();
  const { rows } = await stack.running.runtime.eventlog.query(`SELECT payload FROM eventlog.events WHERE type = 'resources.ResourceChanged' AND payload->>'resourceId' = $1 ORDER BY seq`, [resource.id]);
  expect(rows.map((row) => [row.payload.change, row.payload.communityId])).toEqual([
    ['CREATED', community.id],
    ['MOVED', target.id],
  ]);

  const elsewhere = await f().people.community();
  expect(await failure(f().domain.contributions.move(f().as(elsewhere.network.admin), { id: resource.id, communityId: elsewhere.id }))).toMatchObject({ code: 'FORBIDDEN' });
  expect(await failure(f().domain.contributions.move(as, { id: resource.id }))).toMatchObject({ code: 'FORBIDDEN' });
  const shared = await f().domain.contributions.move(f().as(community.network.admin), { id: resource.id });
  expect(shared.communityId).toBeNull();
});

test('a deleted resource leaves the library, and says so', async () => {
  const resource = await f().resource(community, { by: member });
  await f().domain.curation.approve(f().as(moderator), { resourceId: resource.id });
  expect(await f().domain.contributions.delete(f().as(member), { resourceId: resource.id })).toBe(resource.id);
  expect(await view(resource.id, member.id)).toBeNull();
  expect(await failure(f().domain.contributions.delete(f().as(member), { resourceId: resource.id }))).toMatchObject({ code: 'NOT_FOUND' });
  await stack.running.runtime.relay.drain();
  const { rows } = await stack.running.runtime.eventlog.query(`SELECT payload->>'change' AS change FROM eventlog.events WHERE type = 'resources.ResourceChanged' AND payload->>'resourceId' = $1 ORDER BY seq`, [resource.id]);
  expect(rows.map((row) => row.change)).toEqual(['CREATED', 'DELETED']);
});

test('an archived community keeps its library readable and takes no more changes', async () => {
  const archived = await f().people.community();
  const contributor = await f().people.memberOf(archived);
  const resource = await f().resource(archived, { by: contributor });
  await f().people.domain.communities.setArchived(f().people.viewer(archived.coordinator), archived.id, true);
  const as = f().as(archived.coordinator);
  for (const attempt of [
    f().resource(archived, { by: contributor }),
    f().domain.contributions.update(f().as(contributor), { id: resource.id, title: 'Late edit' }),
    f().domain.contributions.update(as, { id: resource.id, title: 'Late edit' }),
    f().domain.curation.setFeatured(as, { resourceId: resource.id, featured: true }),
    f().domain.curation.createTag(as, { communityId: archived.id, label: 'Late' }),
    f().domain.collections.create(as, { communityId: archived.id, title: 'Late' }),
    f().domain.contributions.delete(as, { resourceId: resource.id }),
  ]) {
    expect(await failure(attempt)).toMatchObject({ code: 'FORBIDDEN', reason: 'ARCHIVED' });
  }
  expect(await view(resource.id, contributor.id)).toMatchObject({ id: resource.id, revision: 1 });
});

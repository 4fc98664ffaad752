import { membership } from '@praxis/membership/testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { resources } from '../testing';

// Notifications tells contributors of decisions and digests list new features, both from the log alone.
let stack: SubgraphTest<typeof resources, [typeof membership]>;
type Community = Awaited<ReturnType<SubgraphTest<typeof resources, [typeof membership]>['factories']['people']['community']>>;
let community: Community;
let curator: { id: string };
let contributor: { id: string };

beforeAll(async () => {
  stack = await startSubgraphTest(resources, { with: [membership] });
  const { factories } = stack;
  community = await factories.people.community();
  curator = await factories.people.memberOf(community, 'MODERATOR');
  contributor = await factories.people.memberOf(community);
  await factories.domain.curation.updateSettings(factories.as(community.coordinator), { communityId: community.id, curated: true });
});
afterAll(() => stack?.stop());

const f = () => stack.factories;
const published = async (type: string, resourceId: string) =>
  ((await stack.running.runtime.db.query(`SELECT payload FROM outbox WHERE type = $1 AND payload->>'resourceId' = $2 ORDER BY position`, [type, resourceId])) as { payload: Record<string, unknown> }[]).map(
    (row) => row.payload,
  );

test('approving and rejecting publish the decision, with the contributor, the reviewer and the reason', async () => {
  const approved = await f().resource(community, { by: contributor, input: { title: 'Advance care planning toolkit' } });
  const rejected = await f().resource(community, { by: contributor, input: { title: 'Breathlessness leaflet' } });
  expect(await published('resources.ResourceReviewed', approved.id)).toEqual([]);

  await f().domain.curation.approve(f().as(curator), { resourceId: approved.id });
  await f().domain.curation.reject(f().as(community.coordinator), { resourceId: rejected.id, reason: 'Please add who wrote it.' });

  const place = { networkId: community.network.id, communityId: community.id, contributorId: contributor.id };
  expect(await published('resources.ResourceReviewed', approved.id)).toEqual([
    { resourceId: approved.id, ...place, reviewerId: curator.id, decision: 'APPROVED', reason: null, title: 'Advance care planning toolkit' },
  ]);
  expect(await published('resources.ResourceReviewed', rejected.id)).toEqual([
    { resourceId: rejected.id, ...place, reviewerId: community.coordinator.id, decision: 'REJECTED', reason: 'Please add who wrote it.', title: 'Breathlessness leaflet' },
  ]);
});

test('featuring and unfeaturing publish only when the flag changes', async () => {
  const resource = await f().resource(community, { by: community.coordinator, input: { title: 'Grief support directory' } });
  const feature = (featured: boolean) => f().domain.curation.setFeatured(f().as(community.coordinator), { resourceId: resource.id, featured });
  await feature(true);
  await feature(true);
  await feature(false);
  await feature(false);
  const place = { resourceId: resource.id, networkId: community.network.id, communityId: community.id, title: 'Grief support directory' };
  expect(await published('resources.ResourceFeatured', resource.id)).toEqual([
    { ...place, featured: true },
    { ...place, featured: false },
  ]);
});

test('deleting a featured resource ends its feature; deleting another announces none', async () => {
  const featured = await f().resource(community, { by: community.coordinator, input: { title: 'Carer handbook' } });
  const plain = await f().resource(community, { by: community.coordinator, input: { title: 'Carer checklist' } });
  await f().domain.curation.setFeatured(f().as(community.coordinator), { resourceId: featured.id, featured: true });
  await f().domain.contributions.delete(f().as(community.coordinator), { resourceId: featured.id });
  await f().domain.contributions.delete(f().as(community.coordinator), { resourceId: plain.id });
  expect((await published('resources.ResourceFeatured', featured.id)).map((payload) => payload.featured)).toEqual([true, false]);
  expect(await published('resources.ResourceFeatured', plain.id)).toEqual([]);
});

import { memberViewer } from '@praxis/platform';
import { TEST_PASSWORD, membership } from '@praxis/membership/testing';
import { libraryConsumers } from '../library/projections';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { resources, publishAsEventsService } from '../testing';

/**
 * What the library learns from other services' events: account deletion (anonymise, keep the
 * counts), and events' owning communities (to authorise and list links to them).
 */
let stack: SubgraphTest<typeof resources, [typeof membership]>;
type Community = Awaited<ReturnType<SubgraphTest<typeof resources, [typeof membership]>['factories']['people']['community']>>;
let community: Community;

beforeAll(async () => {
  stack = await startSubgraphTest(resources, { with: [membership] });
  community = await stack.factories.people.community({ visibility: 'MEMBERS_ONLY' });
});
afterAll(() => stack?.stop());

const f = () => stack.factories;
const db = () => stack.running.runtime.db;

test('a deleted account keeps its contributions and its marks in every count, and loses what was personal', async () => {
  const leaving = await f().people.memberOf(community);
  const contribution = await f().resource(community, { by: leaving });
  const liked = await f().resource(community);
  await f().domain.engagement.setHelpful(f().as(leaving), { resourceId: liked.id, helpful: true });
  await f().domain.engagement.setHelpful(f().as(community.coordinator), { resourceId: liked.id, helpful: true });
  await f().domain.engagement.setBookmarked(f().as(leaving), { resourceId: liked.id, bookmarked: true });
  const uploadId = await f().upload(community, leaving);
  const [upload] = await f().domain.read.files([uploadId]);

  await f().people.domain.erasure.deleteAccount(memberViewer(leaving.id), TEST_PASSWORD);
  await f().sync();

  const [kept] = await f().domain.read.resources([contribution.id]);
  expect(kept).toMatchObject({ contributorId: leaving.id, deletedAt: null, status: 'PUBLISHED' });
  const [afterLike] = await f().domain.read.resources([liked.id]);
  expect(afterLike!.helpfulCount).toBe(2);
  const marks: { member_id: string | null }[] = await db().query('SELECT member_id FROM resource_helpful_marks WHERE resource_id = $1 ORDER BY member_id NULLS FIRST', [liked.id]);
  expect(marks).toEqual([{ member_id: null }, { member_id: community.coordinator.id }]);
  expect(await db().query('SELECT 1 FROM resource_bookmarks WHERE member_id = $1', [leaving.id])).toEqual([]);
  expect((await f().domain.read.files([uploadId]))[0]!.status).toBe('DELETED');
  const deadline = Date.now() + 15_000;
  while (await f().domain.storage.exists(upload!.storageKey)) {
    if (Date.now() > deadline) throw new Error('the upload of a deleted account was not removed');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  // Delivery is at least once: the same event again changes nothing.
  const { rows } = await stack.running.runtime.eventlog.query(`SELECT * FROM eventlog.events WHERE type = 'membership.AccountDeleted' AND payload->>'memberId' = $1`, [leaving.id]);
  const erasure = libraryConsumers(stack.running.runtime.jobs).find((consumer) => consumer.name === 'resources.erasure')!;
  const envelope = { id: rows[0].id, type: rows[0].type, version: rows[0].version, publisher: rows[0].publisher, seq: Number(rows[0].seq), occurredAt: rows[0].occurred_at, payload: rows[0].payload };
  await db().transaction((manager) => erasure.handle(envelope, manager));
  expect((await f().domain.read.resources([liked.id]))[0]!.helpfulCount).toBe(2);
  expect(await db().query('SELECT count(*)::int AS count FROM resource_helpful_marks WHERE resource_id = $1', [liked.id])).toEqual([{ count: 2 }]);
});

test('links to events follow the events service: its community, its deletion', async () => {
  const as = f().as(community.coordinator);
  const eventId = await f().event(community);
  const slides = await f().resource(community);
  const recording = await f().document(community);
  await f().domain.eventLinks.link(as, { resourceId: slides.id, eventId, role: 'SLIDES' });
  await f().domain.eventLinks.link(as, { resourceId: recording.id, eventId, role: 'OTHER' });
  await f().domain.eventLinks.link(as, { resourceId: recording.id, eventId, role: 'RECORDING' });
  const query = `query ($id: ID!, $c: ID!) { _entities(representations: [{ __typename: "Event", id: $id, communityId: $c }]) { ... on Event {
    resources { edges { role node { id linkedEvents { role event { id communityId } } } } } } } }`;
  const listed = await stack.run(query, { id: eventId, c: community.id }, memberViewer(community.coordinator.id));
  expect(listed.data).toEqual({
    _entities: [
      {
        resources: {
          edges: [
            { role: 'SLIDES', node: { id: slides.id, linkedEvents: [{ role: 'SLIDES', event: { id: eventId, communityId: community.id } }] } },
            { role: 'RECORDING', node: { id: recording.id, linkedEvents: [{ role: 'RECORDING', event: { id: eventId, communityId: community.id } }] } },
          ],
        },
      },
    ],
  });

  // A representation that names a public community does not open a members-only event's list.
  const open = await f().people.community({ visibility: 'PUBLIC' });
  const outsider = await f().people.member();
  const forged = await stack.run(query, { id: eventId, c: open.id }, memberViewer(outsider.id));
  expect(forged.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

  // A resource of another community cannot be linked; nor can anything to an event not (yet) known.
  const neighbour = await f().people.community({ network: community.network, coordinator: community.coordinator });
  const theirs = await f().resource(neighbour);
  await expect(f().domain.eventLinks.link(as, { resourceId: theirs.id, eventId, role: 'SLIDES' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.resourceId' });

  await publishAsEventsService({ eventId, networkId: community.networkId, communityId: community.id, change: 'DELETED', startsAt: new Date().toISOString(), endsAt: new Date().toISOString() });
  await stack.running.runtime.drainEvents();
  const gone = await stack.run(query, { id: eventId, c: community.id }, memberViewer(community.coordinator.id));
  expect(gone.data).toEqual({ _entities: [{ resources: { edges: [] } }] });
  await expect(f().domain.eventLinks.link(as, { resourceId: slides.id, eventId, role: 'SLIDES' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  expect(await f().domain.read.eventLinksOfResources([slides.id])).toEqual([[]]);
});

test('topics arrive from membership, with their labels and archiving', async () => {
  const topic = await f().topic(community.network, 'Health literacy');
  expect(topic).toMatchObject({ networkId: community.networkId, label: 'Health literacy', archived: false });
  await f().people.domain.networks.updateTerm(f().people.viewer(community.network.admin), { id: topic.id, label: 'Health literacy and numeracy' });
  await f().sync();
  expect((await f().domain.read.topics([topic.id]))[0]).toMatchObject({ label: 'Health literacy and numeracy', archived: false });
});

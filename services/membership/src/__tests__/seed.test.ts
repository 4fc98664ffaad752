import { createLogger, type SeedManifest } from '@praxis/platform';
import { seedDemo } from '../seed';
import { NETWORKS } from '../seed/catalogue';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { membership } from '../testing';

/** The demo data `npm start` seeds: the four networks of the seeds, realistic and repeatable. */
let t: SubgraphTest<typeof membership>;
beforeAll(async () => {
  t = await startSubgraphTest(membership);
});
afterAll(() => t?.stop());

const context = (manifest: SeedManifest) => ({
  manifest,
  logger: createLogger({ service: 'seed-test', level: 'silent' }),
  progress: { start: () => undefined, increment: () => undefined, stop: () => undefined },
  randomSeed: 20260522,
});

test('seeds the networks and communities of the seeds, with a realistic mix, once', async () => {
  const manifest: SeedManifest = { networks: {}, communities: {}, members: {}, communityMembers: {} };
  await seedDemo(t.running, context(manifest));
  const db = t.running.runtime.db;
  const networks: { name: string; time_zone: string }[] = await db.query('SELECT name, time_zone FROM networks ORDER BY name');
  expect(networks.map((network) => network.name)).toEqual(NETWORKS.map((network) => network.name).sort());
  const communities: { count: number }[] = await db.query('SELECT count(*)::int AS count FROM communities');
  expect(communities[0]!.count).toBe(7);
  expect(Object.keys(manifest.communities).sort()).toEqual(['aha-cpd', 'cc', 'coprod', 'coprod-learning', 'hcc-acp', 'hen', 'rhpc']);

  // Every community has a coordinator, a moderator, members of several kinds, and the approval
  // communities have requests waiting.
  const mix: { slug: string; coordinators: number; moderators: number; types: number; pending: number }[] = await db.query(`
    SELECT c.slug,
           count(*) FILTER (WHERE ms.role = 'COORDINATOR') AS coordinators,
           count(*) FILTER (WHERE ms.role = 'MODERATOR') AS moderators,
           count(DISTINCT m.participant_type) AS types,
           (SELECT count(*) FROM join_requests j WHERE j.community_id = c.id AND j.status = 'PENDING') AS pending
    FROM communities c JOIN memberships ms ON ms.community_id = c.id AND ms.status = 'ACTIVE' JOIN members m ON m.id = ms.member_id
    GROUP BY c.id, c.slug`);
  for (const row of mix) {
    expect([row.slug, Number(row.coordinators), Number(row.moderators)]).toEqual([row.slug, 1, 1]);
    expect(Number(row.types)).toBeGreaterThanOrEqual(3);
  }
  expect(mix.filter((row) => Number(row.pending) > 0).length).toBeGreaterThanOrEqual(4);
  const emails: { email: string }[] = await db.query('SELECT email FROM accounts');
  expect(emails.every((row) => row.email.endsWith('@example.org'))).toBe(true);

  const again: SeedManifest = { networks: {}, communities: {}, members: {}, communityMembers: {} };
  await seedDemo(t.running, context(again));
  expect((await db.query('SELECT count(*)::int AS count FROM communities'))[0].count).toBe(7);
  expect(again.communities).toEqual(manifest.communities);
  expect(again.members.coordinator).toBe(manifest.members.coordinator);
}, 120_000);

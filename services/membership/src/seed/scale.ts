import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { memberViewer, membershipContracts, publishMany, SeededRandom, type MemberAttributes, type ParticipantType, type SeedContext } from '@praxis/platform';
import type { RunningMembership } from '../index';
import { DEMO_PASSWORD, FIRST_NAMES, LAST_NAMES } from './catalogue';

export const SCALE = {
  networkSlug: 'scale-network',
  communitySlug: 'scale-community',
  members: 10_000,
  otherCommunities: 20,
  batch: 1_000,
};

const PARTICIPANT_WEIGHTS: Record<ParticipantType, number> = {
  STAFF: 40,
  PRACTITIONER: 25,
  CONSUMER_REPRESENTATIVE: 12,
  CARER_REPRESENTATIVE: 8,
  VOLUNTEER: 12,
  OTHER: 3,
};

interface ScalePerson {
  id: string;
  type: ParticipantType;
  professionId: string;
  regionId: string;
}

/**
 * Scale mode: one network with a 10,000-member community and twenty smaller ones around it,
 * generated from a fixed random seed in bulk statements (one per table per batch of 1,000),
 * with joins spread over two years so reports have history. Later services add their data to
 * the same community through the manifest.
 */
export async function seedScale(running: RunningMembership, context: SeedContext): Promise<void> {
  const { runtime, domain } = running;
  const db = runtime.db;
  const existing = (await db.query('SELECT id FROM networks WHERE slug = $1', [SCALE.networkSlug])) as { id: string }[];
  if (existing[0]) {
    await loadScaleManifest(running, context, existing[0].id);
    await grantAnalyst(running, context, existing[0].id);
    return;
  }
  const random = new SeededRandom(context.randomSeed);
  const operatorId = context.manifest.members.operator;
  const adminId = context.manifest.members.admin;
  if (!operatorId || !adminId) throw new Error('scale mode builds on the demo data: seed the demo first');
  const admin = memberViewer(adminId);
  const network = await domain.networks.create(memberViewer(operatorId), {
    name: 'Scale Health Network',
    slug: SCALE.networkSlug,
    description: 'Generated data for benchmarks: one large community and many smaller ones.',
    timeZone: 'Australia/Sydney',
    adminId,
  });
  context.manifest.networks.scale = network.id;
  await grantAnalyst(running, context, network.id);
  const professions: string[] = [];
  const regions: string[] = [];
  const topics: string[] = [];
  for (let i = 1; i <= 12; i += 1) professions.push((await domain.networks.addTerm(admin, { networkId: network.id, kind: 'PROFESSION', label: `Profession ${i}` })).id);
  for (let i = 1; i <= 10; i += 1) regions.push((await domain.networks.addTerm(admin, { networkId: network.id, kind: 'REGION', label: `Region ${i}` })).id);
  for (let i = 1; i <= 10; i += 1) topics.push((await domain.networks.addTerm(admin, { networkId: network.id, kind: 'TOPIC', label: `Topic ${i}` })).id);
  context.manifest['topics:scale'] = topics;

  const communities: { key: string; id: string; size: number }[] = [];
  const make = async (key: string, slug: string, name: string, size: number) => {
    const community = await domain.communities.create(admin, {
      networkId: network.id,
      name,
      slug,
      domainStatement: `Generated community ${name} for scale testing.`,
      visibility: key === 'scale' ? 'PUBLIC' : random.chance(0.5) ? 'PUBLIC' : 'MEMBERS_ONLY',
      joinPolicy: 'OPEN',
      coordinatorId: adminId,
    });
    communities.push({ key, id: community.id, size });
    context.manifest.communities[key] = { id: community.id, networkId: network.id };
  };
  await make('scale', SCALE.communitySlug, 'Scale Community', SCALE.members);
  for (let i = 1; i <= SCALE.otherCommunities; i += 1) await make(`scale-${i}`, `scale-community-${i}`, `Scale Community ${i}`, random.int(50, 800));

  const passwordHash = await domain.deps.passwords.hash(DEMO_PASSWORD);
  const totalMemberships = communities.reduce((sum, community) => sum + community.size, 0);
  context.progress.start('membership scale', SCALE.members + totalMemberships);
  const people: ScalePerson[] = [];
  for (let start = 0; start < SCALE.members; start += SCALE.batch) {
    const batch: ScalePerson[] = [];
    for (let i = start; i < Math.min(start + SCALE.batch, SCALE.members); i += 1) {
      batch.push({ id: randomUUID(), type: random.weighted(PARTICIPANT_WEIGHTS), professionId: random.pick(professions), regionId: random.pick(regions) });
    }
    await runtime.transaction((manager) => insertPeople(manager, network.id, batch, start, passwordHash, random));
    people.push(...batch);
    context.progress.increment(batch.length);
  }

  const now = Date.now();
  const twoYearsAgo = new Date(now - 730 * 86_400_000);
  for (const community of communities) {
    const chosen = community.key === 'scale' ? people : random.sample(people, community.size);
    for (let start = 0; start < chosen.length; start += SCALE.batch) {
      const batch = chosen.slice(start, start + SCALE.batch);
      await runtime.transaction((manager) => insertMemberships(manager, network.id, community.id, batch, random, twoYearsAgo, new Date(now)));
      context.progress.increment(batch.length);
    }
    context.manifest.communityMembers[community.key] = chosen.map((person) => person.id);
  }
  context.progress.stop();
}

async function insertPeople(manager: EntityManager, networkId: string, batch: ScalePerson[], offset: number, passwordHash: string, random: SeededRandom): Promise<void> {
  const handles = batch.map((_, i) => `scale_${offset + i + 1}`);
  const names = batch.map((_, i) => `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)} ${offset + i + 1}`);
  await manager.query(
    `INSERT INTO members (id, handle, display_name, participant_type, participant_type_hidden)
     SELECT * FROM unnest($1::uuid[], $2::citext[], $3::text[], $4::text[], $5::boolean[])`,
    [batch.map((p) => p.id), handles, names, batch.map((p) => p.type), batch.map(() => random.chance(0.1))],
  );
  await manager.query(
    `INSERT INTO accounts (member_id, email, password_hash, email_verified_at)
     SELECT id, email, $3, now() FROM unnest($1::uuid[], $2::citext[]) AS t(id, email)`,
    [batch.map((p) => p.id), handles.map((handle) => `${handle.replace('_', '.')}@example.org`), passwordHash],
  );
  await manager.query(
    `INSERT INTO member_network_profiles (member_id, network_id, profession_term_id, region_term_id)
     SELECT id, $2, profession, region FROM unnest($1::uuid[], $3::uuid[], $4::uuid[]) AS t(id, profession, region)`,
    [batch.map((p) => p.id), networkId, batch.map((p) => p.professionId), batch.map((p) => p.regionId)],
  );
  await publishMany(manager, membershipContracts.MemberProfileChanged, batch.map((p) => ({ payload: { memberId: p.id, participantType: p.type, participantTypeHidden: false, changed: ['created'] } })));
  await publishMany(manager, membershipContracts.NetworkProfileChanged, batch.map((p) => ({ payload: { memberId: p.id, networkId, professionTermId: p.professionId, regionTermId: p.regionId } })));
}

async function insertMemberships(manager: EntityManager, networkId: string, communityId: string, batch: ScalePerson[], random: SeededRandom, from: Date, to: Date): Promise<void> {
  const joined = batch.map(() => random.date(from, to));
  // About one in twelve has left again since, so membership over time has departures too.
  const left = joined.map((date) => (random.chance(1 / 12) ? random.date(date, to) : null));
  await manager.query(
    `INSERT INTO memberships (community_id, member_id, role, status, joined_at, ended_at)
     SELECT $1::uuid, id, 'MEMBER', CASE WHEN ended IS NULL THEN 'ACTIVE' ELSE 'LEFT' END, joined, ended
     FROM unnest($2::uuid[], $3::timestamptz[], $4::timestamptz[]) AS t(id, joined, ended)`,
    [communityId, batch.map((p) => p.id), joined, left],
  );
  await manager.query(
    `INSERT INTO membership_history (community_id, member_id, change, role, occurred_at)
     SELECT $1::uuid, id, 'JOINED', 'MEMBER', joined FROM unnest($2::uuid[], $3::timestamptz[]) AS t(id, joined)
     UNION ALL
     SELECT $1::uuid, id, 'LEFT', 'MEMBER', ended FROM unnest($2::uuid[], $4::timestamptz[]) AS t(id, ended) WHERE ended IS NOT NULL`,
    [communityId, batch.map((p) => p.id), joined, left],
  );
  const attributes = (p: ScalePerson): MemberAttributes => ({ participantType: p.type, professionTermId: p.professionId, regionTermId: p.regionId });
  await publishMany(
    manager,
    membershipContracts.MemberJoined,
    batch.map((p, i) => ({ occurredAt: joined[i], payload: { communityId, networkId, memberId: p.id, role: 'MEMBER' as const, via: 'OPEN' as const, attributes: attributes(p) } })),
  );
  await publishMany(
    manager,
    membershipContracts.MemberLeft,
    batch.flatMap((p, i) => (left[i] ? [{ occurredAt: left[i]!, payload: { communityId, networkId, memberId: p.id, reason: 'LEFT' as const, actorId: null, attributes: attributes(p) } }] : [])),
  );
}

async function loadScaleManifest(running: RunningMembership, context: SeedContext, networkId: string): Promise<void> {
  const db = running.runtime.db;
  context.manifest.networks.scale = networkId;
  const topics = (await db.query(`SELECT id FROM vocabulary_terms WHERE network_id = $1 AND kind = 'TOPIC' ORDER BY position`, [networkId])) as { id: string }[];
  context.manifest['topics:scale'] = topics.map((topic) => topic.id);
  const communities = (await db.query('SELECT id, slug FROM communities WHERE network_id = $1', [networkId])) as { id: string; slug: string }[];
  for (const community of communities) {
    const key = community.slug === SCALE.communitySlug ? 'scale' : community.slug.replace('scale-community-', 'scale-');
    context.manifest.communities[key] = { id: community.id, networkId };
    const members = (await db.query(`SELECT member_id FROM memberships WHERE community_id = $1 AND status = 'ACTIVE' ORDER BY joined_at, member_id`, [community.id])) as { member_id: string }[];
    context.manifest.communityMembers[key] = members.map((row) => row.member_id);
  }
}

/** The demo analyst reads the scale network's reports too, as `npm run bench:report` does. Idempotent. */
async function grantAnalyst(running: RunningMembership, context: SeedContext, networkId: string): Promise<void> {
  const { admin, analyst } = context.manifest.members;
  if (admin && analyst) await running.domain.networks.grantRole(memberViewer(admin), { networkId, memberId: analyst, role: 'ANALYST' });
}

import { memberViewer, SeededRandom, type ParticipantType, type SeedContext, type Viewer } from '@praxis/platform';
import type { TermEntity } from '../entities';
import type { RunningMembership } from '../index';
import type { VerifiedMemberSpec } from '../membership/accounts';
import { DEMO_PASSWORD, FIRST_NAMES, LAST_NAMES, NETWORKS, ORGANISATIONS, type CommunitySeed, type NetworkSeed } from './catalogue';

export type PersonSpec = VerifiedMemberSpec;

/** The demo sign-ins that `npm start` prints. */
export const DEMO_ACCOUNTS: (PersonSpec & { role: string })[] = [
  { role: 'deployment operator', handle: 'operator', displayName: 'Olu Operator', email: 'operator@example.org', participantType: 'STAFF', isOperator: true },
  { role: 'admin of every demo network', handle: 'admin', displayName: 'Alex Admin', email: 'admin@example.org', participantType: 'STAFF', organisation: 'Praxis demo' },
  { role: 'analyst of every demo network', handle: 'analyst', displayName: 'Anna Analyst', email: 'analyst@example.org', participantType: 'STAFF', organisation: 'Network evaluation team' },
  { role: 'coordinator of every demo community', handle: 'coordinator', displayName: 'Casey Coordinator', email: 'coordinator@example.org', participantType: 'STAFF', organisation: 'Community programs' },
  { role: 'moderator (a volunteer) in every demo community', handle: 'moderator', displayName: 'Morgan Moderator', email: 'moderator@example.org', participantType: 'VOLUNTEER' },
  { role: 'member of several communities', handle: 'member', displayName: 'Mel Member', email: 'member@example.org', participantType: 'PRACTITIONER', organisation: 'Riverside Hospice' },
  { role: 'consumer representative who hides their participant type', handle: 'consumer', displayName: 'Connie Consumer', email: 'consumer@example.org', participantType: 'CONSUMER_REPRESENTATIVE', hideParticipantType: true },
];

const BIOS: Partial<Record<ParticipantType, string>> = {
  CONSUMER_REPRESENTATIVE: 'Brings lived experience of the health system to advisory groups and co-design work.',
  CARER_REPRESENTATIVE: 'Carer for a family member; interested in how services include carers in decisions.',
  VOLUNTEER: 'Volunteers with a local hospice and community care circle.',
  PRACTITIONER: 'Works in direct care and enjoys learning from peers in other settings.',
  STAFF: 'Works on engagement and quality improvement in a health service.',
};

/**
 * Seeds the demo networks through the domain, so every community, join and role change has
 * its history and publishes its events like real use would. Runs once: when the networks are
 * there already, it only rebuilds the manifest for the services seeded after it.
 */
export async function seedDemo(running: RunningMembership, context: SeedContext): Promise<void> {
  const { domain, runtime } = running;
  const db = runtime.db;
  if ((await db.query(`SELECT 1 FROM networks WHERE slug = $1`, [NETWORKS[0]!.slug])).length > 0) {
    await loadManifest(running, context);
    return;
  }
  const random = new SeededRandom(context.randomSeed);
  const passwordHash = await running.domain.deps.passwords.hash(DEMO_PASSWORD);
  const createPerson = async (spec: PersonSpec): Promise<string> => (await domain.accounts.createVerifiedMember(spec, passwordHash)).id;

  const staff: Record<string, string> = {};
  for (const account of DEMO_ACCOUNTS) staff[account.handle] = await createPerson(account);
  const as = (handle: string): Viewer => memberViewer(staff[handle]!);
  Object.assign(context.manifest.members, staff);

  const usedHandles = new Set(Object.keys(staff));
  const newPerson = async (participantType: ParticipantType): Promise<string> => {
    let first: string;
    let last: string;
    let handle: string;
    do {
      first = random.pick(FIRST_NAMES);
      last = random.pick(LAST_NAMES);
      handle = `${first}_${last}`.toLowerCase().replace(/[^a-z0-9_]/g, '').slice(0, 30);
    } while (usedHandles.has(handle));
    usedHandles.add(handle);
    const id = await createPerson({
      handle,
      displayName: `${first} ${last}`,
      email: `${handle.replace(/_/g, '.')}@example.org`,
      participantType,
      organisation: ORGANISATIONS[participantType] ? random.pick(ORGANISATIONS[participantType]!) : null,
      bio: BIOS[participantType] ?? null,
      hideParticipantType: participantType !== 'STAFF' && random.chance(0.15),
    });
    context.manifest.members[handle] = id;
    return id;
  };

  context.progress.start('membership demo', NETWORKS.reduce((sum, network) => sum + network.communities.length, 0));
  for (const networkSeed of NETWORKS) {
    const network = await domain.networks.create(as('operator'), {
      name: networkSeed.name,
      slug: networkSeed.slug,
      description: networkSeed.description,
      timeZone: networkSeed.timeZone,
      adminId: staff.admin,
    });
    context.manifest.networks[networkSeed.key] = network.id;
    await domain.networks.grantRole(as('admin'), { networkId: network.id, memberId: staff.analyst!, role: 'ANALYST' });
    const terms = await addVocabularies(running, as('admin'), network.id, networkSeed);
    context.manifest[`topics:${networkSeed.key}`] = terms.TOPIC.map((term) => term.id);

    for (const communitySeed of networkSeed.communities) {
      await seedCommunity(running, context, { random, as, staff, newPerson, networkId: network.id, communitySeed, terms });
      context.progress.increment();
    }
  }
  context.progress.stop();
}

async function addVocabularies(running: RunningMembership, admin: Viewer, networkId: string, seed: NetworkSeed): Promise<Record<'PROFESSION' | 'REGION' | 'TOPIC', TermEntity[]>> {
  const result = { PROFESSION: [] as TermEntity[], REGION: [] as TermEntity[], TOPIC: [] as TermEntity[] };
  const lists = { PROFESSION: seed.professions, REGION: seed.regions, TOPIC: seed.topics };
  for (const kind of ['PROFESSION', 'REGION', 'TOPIC'] as const) {
    for (const label of lists[kind]) result[kind].push(await running.domain.networks.addTerm(admin, { networkId, kind, label }));
  }
  return result;
}

async function seedCommunity(
  running: RunningMembership,
  context: SeedContext,
  options: {
    random: SeededRandom;
    as: (handle: string) => Viewer;
    staff: Record<string, string>;
    newPerson: (type: ParticipantType) => Promise<string>;
    networkId: string;
    communitySeed: CommunitySeed;
    terms: Record<'PROFESSION' | 'REGION' | 'TOPIC', TermEntity[]>;
  },
): Promise<void> {
  const { domain } = running;
  const { random, as, staff, newPerson, networkId, communitySeed: seed, terms } = options;
  const community = await domain.communities.create(as('admin'), {
    networkId,
    name: seed.name,
    slug: seed.slug,
    domainStatement: seed.domainStatement,
    description: seed.description,
    aims: seed.aims,
    visibility: seed.visibility,
    joinPolicy: seed.joinPolicy,
    contactEmail: seed.contactEmail,
    coordinatorId: staff.coordinator,
    questions: seed.questions,
  });
  context.manifest.communities[seed.key] = { id: community.id, networkId };
  const members: string[] = [staff.coordinator!];
  const profile = () => ({ professionId: random.pick(terms.PROFESSION).id, regionId: random.pick(terms.REGION).id });
  const answersFor = async () => {
    const questions = await domain.read.questions([community.id]);
    return (questions[0] ?? []).map((question) => ({ questionId: question.id, answer: random.pick(['Ten years in a community health service.', 'Lived experience as a consumer representative.', 'I volunteer with a local program.', 'To learn from peers and share what works.']) }));
  };
  const admit = async (memberId: string) => {
    if (seed.joinPolicy === 'OPEN') {
      await domain.joining.join(memberViewer(memberId), { communityId: community.id, ...profile() });
    } else if (seed.joinPolicy === 'APPROVAL') {
      const request = await domain.joining.requestToJoin(memberViewer(memberId), { communityId: community.id, answers: await answersFor(), ...profile() });
      await domain.joining.approve(as('coordinator'), request.id);
    } else {
      throw new Error('invitation-only demo communities are seeded through invitations');
    }
    members.push(memberId);
  };

  for (const handle of ['moderator', 'member', 'consumer']) {
    if (handle === 'member' && random.chance(0.3)) continue;
    await admit(staff[handle]!);
  }
  await domain.roster.changeRole(as('coordinator'), { communityId: community.id, memberId: staff.moderator!, role: 'MODERATOR' });
  for (const [type, count] of Object.entries(seed.mix) as [ParticipantType, number][]) {
    for (let i = 0; i < count; i += 1) await admit(await newPerson(type));
  }
  for (let i = 0; i < seed.pendingRequests; i += 1) {
    const requester = await newPerson(random.pick(['STAFF', 'CONSUMER_REPRESENTATIVE', 'CARER_REPRESENTATIVE', 'VOLUNTEER', 'PRACTITIONER'] as const));
    await domain.joining.requestToJoin(memberViewer(requester), {
      communityId: community.id,
      answers: await answersFor(),
      message: 'I heard about the community at a workshop and would love to join.',
      ...profile(),
    });
  }
  context.manifest.communityMembers[seed.key] = members;
}

/** Rebuilds the manifest from what an earlier run seeded, for services seeded after membership. */
async function loadManifest(running: RunningMembership, context: SeedContext): Promise<void> {
  const db = running.runtime.db;
  for (const networkSeed of NETWORKS) {
    const [network] = (await db.query('SELECT id FROM networks WHERE slug = $1', [networkSeed.slug])) as { id: string }[];
    if (!network) continue;
    context.manifest.networks[networkSeed.key] = network.id;
    const topics = (await db.query(`SELECT id FROM vocabulary_terms WHERE network_id = $1 AND kind = 'TOPIC' ORDER BY position`, [network.id])) as { id: string }[];
    context.manifest[`topics:${networkSeed.key}`] = topics.map((topic) => topic.id);
    for (const communitySeed of networkSeed.communities) {
      const [community] = (await db.query('SELECT id FROM communities WHERE network_id = $1 AND slug = $2', [network.id, communitySeed.slug])) as { id: string }[];
      if (!community) continue;
      context.manifest.communities[communitySeed.key] = { id: community.id, networkId: network.id };
      const members = (await db.query(
        `SELECT member_id FROM memberships WHERE community_id = $1 AND status = 'ACTIVE' ORDER BY joined_at, member_id`,
        [community.id],
      )) as { member_id: string }[];
      context.manifest.communityMembers[communitySeed.key] = members.map((row) => row.member_id);
    }
  }
  const people = (await db.query('SELECT id, handle FROM members WHERE handle IS NOT NULL')) as { id: string; handle: string }[];
  for (const person of people) context.manifest.members[person.handle] = person.id;
}

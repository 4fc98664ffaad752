import { addDays, busyMoment, historyStart, memberViewer, SeededRandom, type ParticipantType, type SeedContext, type SeedingClock, type TimedAction, type Viewer } from '@praxis/platform';
import type { TermEntity } from '../entities';
import type { RunningMembership } from '../index';
import type { VerifiedMemberSpec } from '../membership/accounts';
import { DEMO_PASSWORD, FIRST_NAMES, LAST_NAMES, NETWORKS, ORGANISATIONS, SAMPLE_ANSWERS, type CommunitySeed, type NetworkSeed } from './catalogue';

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
 * its history and publishes its events like real use would. With the seeding clock, that history
 * spans the last 18 months: people join over time (some leave), requests wait days for a
 * decision (some are declined, with a reason), and a few requests wait now. Runs once: when the
 * networks are there already, it only rebuilds the manifest for the services seeded after it.
 */
/** For a question the catalogue has no sample answers for (one a coordinator added). */
const GENERIC_ANSWERS = ['Ten years in a community health service.', 'To learn from peers and share what works.'];

export async function seedDemo(running: RunningMembership, context: SeedContext): Promise<void> {
  const { domain, runtime } = running;
  const db = runtime.db;
  if ((await db.query(`SELECT 1 FROM networks WHERE slug = $1`, [NETWORKS[0]!.slug])).length > 0) {
    await loadManifest(running, context);
    return;
  }
  const random = new SeededRandom(context.randomSeed);
  const clock = context.history === false ? undefined : context.clock;
  const now = new Date();
  const start = clock ? historyStart(now) : now;
  const passwordHash = await running.domain.deps.passwords.hash(DEMO_PASSWORD);
  const createPerson = async (spec: PersonSpec): Promise<string> => (await domain.accounts.createVerifiedMember(spec, passwordHash)).id;

  clock?.at(start);
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

  const timeline: TimedAction[] = [];
  const communities: { key: string; plan: CommunityPlan }[] = [];
  context.progress.start('membership demo', NETWORKS.reduce((sum, network) => sum + network.communities.length, 0));
  for (const networkSeed of NETWORKS) {
    clock?.at(start);
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
      clock?.at(start);
      const plan = await planCommunity(running, context, { random, as, staff, newPerson, networkId: network.id, communitySeed, terms, start, now, timeZone: networkSeed.timeZone });
      timeline.push(...plan.actions);
      communities.push({ key: communitySeed.key, plan });
      context.progress.increment();
    }
  }
  context.progress.stop();
  const started = performance.now();
  await replay(clock, timeline);
  context.logger.info({ actions: timeline.length, seconds: Math.round((performance.now() - started) / 100) / 10 }, 'membership history written');
  for (const { key, plan } of communities) {
    context.manifest.communityMembers[key] = plan.members.filter((id) => !plan.left.has(id));
    context.manifest[`joined:${key}`] = Object.fromEntries([...plan.joinedAt].filter(([id]) => !plan.left.has(id)).map(([id, at]) => [id, at.toISOString()]));
  }
}

/** Runs the actions at their moments with a seeding clock; without one, all now, in the order planned. */
async function replay(clock: SeedingClock | undefined, actions: TimedAction[]): Promise<void> {
  if (clock) return clock.replay(actions);
  for (const action of actions) await action.run();
}

async function addVocabularies(running: RunningMembership, admin: Viewer, networkId: string, seed: NetworkSeed): Promise<Record<'PROFESSION' | 'REGION' | 'TOPIC', TermEntity[]>> {
  const result = { PROFESSION: [] as TermEntity[], REGION: [] as TermEntity[], TOPIC: [] as TermEntity[] };
  const lists = { PROFESSION: seed.professions, REGION: seed.regions, TOPIC: seed.topics };
  for (const kind of ['PROFESSION', 'REGION', 'TOPIC'] as const) {
    for (const label of lists[kind]) result[kind].push(await running.domain.networks.addTerm(admin, { networkId, kind, label }));
  }
  return result;
}

const DECLINE_REASONS = [
  'The community is for people working or volunteering in this field; the public forum of the network is a better place to start.',
  'We could not confirm a connection to the community from your answers. You are welcome to ask again with a little more detail.',
  'This looks like a promotional account; the community does not accept vendors.',
  'A duplicate of a request you made with another address, which we approved.',
];

interface CommunityPlan {
  actions: TimedAction[];
  /** Everyone admitted, in the order they joined. */
  members: string[];
  joinedAt: Map<string, Date>;
  left: Set<string>;
}

/**
 * Creates a community at the start of its history and plans its people's comings and goings:
 * the demo's named members join in its first days, the others over the months (more early on),
 * some leave again, and requests to join are decided after a few days.
 */
async function planCommunity(
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
    start: Date;
    now: Date;
    timeZone: string;
  },
): Promise<CommunityPlan> {
  const { domain } = running;
  const { random, as, staff, newPerson, networkId, communitySeed: seed, terms, start, now, timeZone } = options;
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
  const plan: CommunityPlan = { actions: [], members: [staff.coordinator!], joinedAt: new Map([[staff.coordinator!, start]]), left: new Set() };
  const profile = () => ({ professionId: random.pick(terms.PROFESSION).id, regionId: random.pick(terms.REGION).id });
  const questions = (await domain.read.questions([community.id]))[0] ?? [];
  const answers = () => questions.map((question) => ({ questionId: question.id, answer: random.pick(SAMPLE_ANSWERS[question.prompt] ?? GENERIC_ANSWERS) }));
  const span = now.getTime() - start.getTime();
  // Most people join while a community is young; fewer as it settles.
  const joinMoment = () => busyMoment(random, new Date(start.getTime() + span * 0.02), new Date(start.getTime() + span * random.next() ** 1.2 * 0.95 + span * 0.03), timeZone);
  const later = (from: Date, minDays: number, maxDays: number) => {
    const at = addDays(from, random.int(minDays * 24, maxDays * 24) / 24);
    return at < now ? at : new Date(now.getTime() - 3_600_000);
  };
  const at = (moment: Date, run: () => Promise<unknown>) => plan.actions.push({ at: moment, run });
  const admitted = (memberId: string, moment: Date) => {
    plan.members.push(memberId);
    plan.joinedAt.set(memberId, moment);
  };

  /** A person's way in: joining an open community, or a request a coordinator decides later. */
  const admit = (person: () => Promise<string>, requested: Date, outcome: 'APPROVED' | 'DECLINED' | 'PENDING' = 'APPROVED') => {
    let memberId = '';
    let requestId = '';
    if (seed.joinPolicy === 'OPEN') {
      at(requested, async () => {
        memberId = await person();
        await domain.joining.join(memberViewer(memberId), { communityId: community.id, ...profile() });
        admitted(memberId, requested);
      });
      return { joined: requested, id: () => memberId };
    }
    at(requested, async () => {
      memberId = await person();
      const message = random.chance(0.5) ? 'I heard about the community at a workshop and would love to join.' : undefined;
      requestId = (await domain.joining.requestToJoin(memberViewer(memberId), { communityId: community.id, answers: answers(), message, ...profile() })).id;
    });
    if (outcome === 'PENDING') return { joined: null, id: () => memberId };
    // Coordinators answer within a day or two, sometimes a fortnight when away.
    const decided = later(requested, 0.2, random.chance(0.2) ? 15 : 4);
    at(decided, async () => {
      if (outcome === 'APPROVED') {
        await domain.joining.approve(as('coordinator'), requestId);
        admitted(memberId, decided);
      } else {
        await domain.joining.decline(as('coordinator'), { id: requestId, reason: random.pick(DECLINE_REASONS) });
      }
    });
    return { joined: outcome === 'APPROVED' ? decided : null, id: () => memberId };
  };

  const founding = addDays(start, 1);
  for (const handle of ['moderator', 'member', 'consumer']) {
    if (handle === 'member' && random.chance(0.3)) continue;
    admit(async () => staff[handle]!, addDays(founding, random.int(0, 6)));
  }
  at(addDays(founding, 25), () => domain.roster.changeRole(as('coordinator'), { communityId: community.id, memberId: staff.moderator!, role: 'MODERATOR' }));
  for (const [type, count] of Object.entries(seed.mix) as [ParticipantType, number][]) {
    for (let i = 0; i < count; i += 1) admit(() => newPerson(type), joinMoment());
  }
  // People who came and went: joined, then left a few months later.
  const leavers = Math.max(1, Math.round(Object.values(seed.mix).reduce((sum, count) => sum + count, 0) * 0.15));
  for (let i = 0; i < leavers; i += 1) {
    const joined = joinMoment();
    const admission = admit(() => newPerson(random.pick(['STAFF', 'PRACTITIONER', 'VOLUNTEER', 'CONSUMER_REPRESENTATIVE'] as const)), joined);
    const leaving = later(addDays(joined, 20), 40, 200);
    at(leaving, async () => {
      const memberId = admission.id();
      if (!plan.joinedAt.has(memberId)) return;
      await domain.roster.leave(memberViewer(memberId), community.id);
      plan.left.add(memberId);
    });
  }
  if (seed.joinPolicy === 'APPROVAL') {
    for (let i = 0; i < random.int(2, 3); i += 1) admit(() => newPerson(random.pick(['STAFF', 'OTHER', 'VOLUNTEER'] as const)), joinMoment(), 'DECLINED');
  }
  for (let i = 0; i < seed.pendingRequests; i += 1) {
    admit(() => newPerson(random.pick(['STAFF', 'CONSUMER_REPRESENTATIVE', 'CARER_REPRESENTATIVE', 'VOLUNTEER', 'PRACTITIONER'] as const)), busyMoment(random, addDays(now, -20), addDays(now, -1), timeZone), 'PENDING');
  }
  return plan;
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
        `SELECT member_id, joined_at FROM memberships WHERE community_id = $1 AND status = 'ACTIVE' ORDER BY joined_at, member_id`,
        [community.id],
      )) as { member_id: string; joined_at: Date }[];
      context.manifest.communityMembers[communitySeed.key] = members.map((row) => row.member_id);
      context.manifest[`joined:${communitySeed.key}`] = Object.fromEntries(members.map((row) => [row.member_id, new Date(row.joined_at).toISOString()]));
    }
  }
  const people = (await db.query('SELECT id, handle FROM members WHERE handle IS NOT NULL')) as { id: string; handle: string }[];
  for (const person of people) context.manifest.members[person.handle] = person.id;
}

import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { memberViewer, publishMany, resourcesContracts, SeededRandom, type SeedContext } from '@praxis/platform';
import type { ResourceAudience, RevisionSnapshot } from '../entities';
import type { RunningResources } from '../index';
import { catchUpProjections } from './projections';

export const RESOURCES_SCALE = {
  /** Resources in the 10,000-member scale community. */
  main: 16_000,
  /** Resources in each smaller scale community. */
  perOther: 190,
  /** Resources shared across the scale network. */
  shared: 200,
  batch: 1_000,
  tags: ['Start here', 'Quick read', 'Template', 'Evidence', 'Lived experience', 'Training', 'Policy', 'Local example', 'International', 'Webinar series', 'Checklist', 'Research'],
};

const KIND_WEIGHTS = { LINK: 20, ARTICLE: 20, VIDEO: 10, DOCUMENT: 10, TOOLKIT: 12, FRAMEWORK: 8, CASE_STUDY: 12, RECORDING: 8 } as const;
const AUDIENCE_WEIGHTS: Record<ResourceAudience, number> = { STAFF: 45, CONSUMERS_AND_CARERS: 20, EVERYONE: 35 };
const ADJECTIVES = ['Practical', 'Introductory', 'Advanced', 'Rural', 'Community', 'Hospital', 'Statewide', 'Peer-led', 'Short', 'Annotated'];
const SUBJECTS = ['consumer engagement', 'carer partnership', 'co-design', 'palliative care', 'communication', 'leadership', 'aged care', 'mental health', 'telehealth', 'volunteering', 'health literacy', 'quality improvement'];
const NOUNS = ['guide', 'toolkit', 'framework', 'case study', 'webinar', 'checklist', 'report', 'workshop notes', 'video', 'template'];

interface Planned {
  key: string;
  communityId: string | null;
  count: number;
  contributors: string[];
}

/**
 * Scale mode: about 20,000 resources in the scale network (most in its 10,000-member community,
 * some in each smaller one, some shared network-wide), with topics, tags, revisions, helpful
 * marks, daily view counters and their events, from a fixed random seed, in bulk statements
 * of a thousand rows. Runs once.
 */
export async function seedScale(running: RunningResources, context: SeedContext): Promise<void> {
  const { manifest, logger } = context;
  const main = manifest.communities.scale;
  if (!main) {
    logger.warn('no scale community in the manifest; the resource library seeds no scale data');
    return;
  }
  const { runtime, domain } = running;
  if ((await runtime.db.query('SELECT 1 FROM resources WHERE community_id = $1 LIMIT 1', [main.id])).length > 0) return;
  const topics = (manifest['topics:scale'] as string[] | undefined) ?? [];
  await catchUpProjections(running, topics);
  const random = new SeededRandom(context.randomSeed + 7);
  const adminId = manifest.members.admin!;
  const admin = running.access(memberViewer(adminId));
  // Tags may be left from a run that stopped before its first batch; reuse them.
  const existing = new Map((await domain.read.tagsOfCommunities([`${main.id}:all`]))[0]!.map((tag) => [tag.label, tag.id]));
  const tags = new Map<string, string>();
  for (const label of RESOURCES_SCALE.tags) tags.set(existing.get(label) ?? (await domain.curation.createTag(admin, { communityId: main.id, label })).id, label);

  const plan: Planned[] = [{ key: 'scale', communityId: main.id, count: RESOURCES_SCALE.main, contributors: manifest.communityMembers.scale ?? [adminId] }];
  for (const [key, community] of Object.entries(manifest.communities)) {
    if (/^scale-\d+$/.test(key)) plan.push({ key, communityId: community.id, count: RESOURCES_SCALE.perOther, contributors: manifest.communityMembers[key] ?? [adminId] });
  }
  plan.push({ key: 'shared', communityId: null, count: RESOURCES_SCALE.shared, contributors: [adminId] });

  const total = plan.reduce((sum, item) => sum + item.count, 0);
  context.progress.start('resources scale', total);
  let serial = 0;
  for (const item of plan) {
    for (let start = 0; start < item.count; start += RESOURCES_SCALE.batch) {
      const size = Math.min(RESOURCES_SCALE.batch, item.count - start);
      await runtime.transaction((manager) => insertBatch(manager, { networkId: main.networkId, item, size, serial, random, topics, tags: item.key === 'scale' ? tags : new Map() }));
      serial += size;
      context.progress.increment(size);
    }
  }
  context.progress.stop();
  // A bulk load leaves the planner without statistics and index-only scans without a
  // visibility map until autovacuum comes round; searches should be fast at once.
  for (const table of ['resources', 'resource_topics', 'resource_tags', 'resource_helpful_marks', 'resource_daily_stats', 'resource_revisions']) {
    await runtime.db.query(`VACUUM (ANALYZE) ${table}`);
  }
}

async function insertBatch(
  manager: EntityManager,
  options: { networkId: string; item: Planned; size: number; serial: number; random: SeededRandom; topics: string[]; tags: Map<string, string> },
): Promise<void> {
  const { networkId, item, size, serial, random, topics, tags } = options;
  const now = Date.now();
  const from = new Date(now - 730 * 86_400_000);
  const rows = Array.from({ length: size }, (_, index) => {
    const n = serial + index + 1;
    const subject = random.pick(SUBJECTS);
    const createdAt = random.date(from, new Date(now - 86_400_000));
    return {
      id: randomUUID(),
      contributor: random.pick(item.contributors),
      title: `${random.pick(ADJECTIVES)} ${subject} ${random.pick(NOUNS)} ${n}`,
      summary: `A ${subject} resource for health communities of practice, shared by a peer. Generated item ${n}.`,
      kind: random.weighted(KIND_WEIGHTS),
      audience: random.weighted(AUDIENCE_WEIGHTS),
      language: random.chance(0.95) ? 'en' : random.pick(['fr', 'es', 'zh']),
      createdAt,
      topics: random.sample(topics, random.int(1, 3)),
      tags: tags.size > 0 ? random.sample([...tags.keys()], random.int(0, 2)) : [],
      helpful: item.communityId ? distinctPicks(random, item.contributors, random.int(0, 3)) : [],
      days: Array.from({ length: random.int(0, 4) }, () => random.int(0, 364)),
      views: random.int(1, 25),
    };
  });
  const stats = rows.flatMap((row) => [...new Set(row.days.map((offset) => dayOf(new Date(row.createdAt.getTime() + offset * 86_400_000), now)))].map((day) => ({ id: row.id, day, views: row.views })));
  const viewCount = new Map<string, number>();
  for (const stat of stats) viewCount.set(stat.id, (viewCount.get(stat.id) ?? 0) + stat.views);

  // Search vectors and revision snapshots are computed from what is at hand, not by
  // correlated subqueries, which a freshly loaded (unanalysed) table would plan badly.
  await manager.query(
    `INSERT INTO resources (id, network_id, community_id, submitted_community_id, contributor_id, title, summary, kind, audience, language, url, status,
                            view_count, helpful_count, link_status, link_http_status, link_checked_at, created_at, updated_at, search_vector)
     SELECT t.id, $1, $2, $2, t.contributor, t.title, t.summary, t.kind, t.audience, t.language, 'https://library.example.org/scale/' || t.id, 'PUBLISHED',
            t.views, t.helpful, 'OK', 200, now() - make_interval(hours => t.checked), t.created, t.created,
            setweight(to_tsvector('english', t.title), 'A') || setweight(to_tsvector('english', t.tags), 'B') || setweight(to_tsvector('english', t.summary), 'C')
     FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[], $11::int[], $12::int[], $13::timestamptz[], $14::text[])
       AS t(id, contributor, title, summary, kind, audience, language, views, helpful, checked, created, tags)`,
    [
      networkId,
      item.communityId,
      rows.map((row) => row.id),
      rows.map((row) => row.contributor),
      rows.map((row) => row.title),
      rows.map((row) => row.summary),
      rows.map((row) => row.kind),
      rows.map((row) => row.audience),
      rows.map((row) => row.language),
      rows.map((row) => viewCount.get(row.id) ?? 0),
      rows.map((row) => row.helpful.length),
      rows.map(() => random.int(0, 20)),
      rows.map((row) => row.createdAt),
      rows.map((row) => row.tags.map((tag) => tags.get(tag)).join(' ')),
    ],
  );
  const pairs = (pick: (row: (typeof rows)[number]) => string[]) => rows.flatMap((row) => pick(row).map((value) => [row.id, value] as const));
  const topicPairs = pairs((row) => row.topics);
  await manager.query(`INSERT INTO resource_topics (resource_id, topic_id, network_id) SELECT r, t, $3 FROM unnest($1::uuid[], $2::uuid[]) AS x(r, t)`, [
    topicPairs.map(([resource]) => resource),
    topicPairs.map(([, topic]) => topic),
    networkId,
  ]);
  const tagPairs = pairs((row) => row.tags);
  if (tagPairs.length > 0) {
    await manager.query(`INSERT INTO resource_tags (resource_id, tag_id, community_id) SELECT r, t, $3 FROM unnest($1::uuid[], $2::uuid[]) AS x(r, t)`, [
      tagPairs.map(([resource]) => resource),
      tagPairs.map(([, tag]) => tag),
      item.communityId,
    ]);
  }
  const snapshot = (row: (typeof rows)[number]): RevisionSnapshot => ({
    title: row.title,
    summary: row.summary,
    kind: row.kind,
    audience: row.audience,
    url: `https://library.example.org/scale/${row.id}`,
    fileName: null,
    communityId: item.communityId,
    status: 'PUBLISHED',
    language: row.language,
    sourceName: null,
    publishedOn: null,
    licence: null,
    topicIds: [...row.topics].sort(),
    tagIds: [...row.tags].sort(),
  });
  await manager.query(
    `INSERT INTO resource_revisions (resource_id, revision, change, actor_id, snapshot, created_at)
     SELECT id, 1, 'CREATED', actor, snapshot, created FROM unnest($1::uuid[], $2::uuid[], $3::jsonb[], $4::timestamptz[]) AS t(id, actor, snapshot, created)`,
    [rows.map((row) => row.id), rows.map((row) => row.contributor), rows.map((row) => JSON.stringify(snapshot(row))), rows.map((row) => row.createdAt)],
  );
  const marks = rows.flatMap((row) => row.helpful.map((memberId) => ({ id: row.id, memberId, at: new Date(Math.min(now, row.createdAt.getTime() + random.int(1, 200) * 3_600_000)) })));
  if (marks.length > 0) {
    await manager.query(
      `INSERT INTO resource_helpful_marks (resource_id, member_id, network_id, community_id, marked_at)
       SELECT r, m, $4, $5, a FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS x(r, m, a)`,
      [marks.map((mark) => mark.id), marks.map((mark) => mark.memberId), marks.map((mark) => mark.at), networkId, item.communityId],
    );
  }
  if (stats.length > 0) {
    await manager.query(
      `INSERT INTO resource_daily_stats (resource_id, day, network_id, community_id, views)
       SELECT r, d, $4, $5, v FROM unnest($1::uuid[], $2::date[], $3::int[]) AS x(r, d, v)`,
      [stats.map((stat) => stat.id), stats.map((stat) => stat.day), stats.map((stat) => stat.views), networkId, item.communityId],
    );
  }
  await publishMany(manager, resourcesContracts.ResourceChanged, rows.map((row) => ({ occurredAt: row.createdAt, payload: { resourceId: row.id, networkId, communityId: item.communityId, change: 'CREATED' as const } })));
  await publishMany(
    manager,
    resourcesContracts.ResourceContributed,
    rows.map((row) => ({ occurredAt: row.createdAt, payload: { resourceId: row.id, memberId: row.contributor, networkId, communityId: item.communityId, occurredAt: row.createdAt.toISOString(), kind: row.kind } })),
  );
  await publishMany(
    manager,
    resourcesContracts.ResourceMarkedHelpful,
    marks.map((mark) => ({ occurredAt: mark.at, payload: { resourceId: mark.id, memberId: mark.memberId, networkId, communityId: item.communityId, occurredAt: mark.at.toISOString(), helpful: true } })),
  );
}

/** Up to `count` distinct items, without copying a 10,000-member list per resource. */
function distinctPicks(random: SeededRandom, items: readonly string[], count: number): string[] {
  const picked = new Set<string>();
  for (let tries = 0; picked.size < Math.min(count, items.length) && tries < count * 4; tries += 1) picked.add(random.pick(items));
  return [...picked];
}

/** A calendar day, never after today, as YYYY-MM-DD. */
function dayOf(date: Date, now: number): string {
  return new Date(Math.min(date.getTime(), now)).toISOString().slice(0, 10);
}

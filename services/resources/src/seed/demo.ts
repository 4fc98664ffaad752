import { Readable } from 'node:stream';
import { memberViewer, SeededRandom, type Access, type SeedContext } from '@praxis/platform';
import type { RunningResources } from '../index';
import { LIBRARIES, SHARED, type DemoResource } from './catalogue';
import { tinyPdf } from './pdf';
import { planLibraryHistory } from './history';
import { catchUpProjections, topicsByLabel } from './projections';

const DEMO_NETWORKS = ['hen', 'hpco', 'aha', 'coprod'];

/**
 * Seeds the demo libraries through the domain, so every resource has its revision, its events
 * and (for documents) a real uploaded file, as real use would. Runs once: when the first
 * library has resources already, it does nothing.
 */
export async function seedDemo(running: RunningResources, context: SeedContext): Promise<void> {
  const { manifest, logger } = context;
  const first = manifest.communities[LIBRARIES[0]!.community];
  if (!first) {
    logger.warn('no demo communities in the manifest; the resource library seeds nothing');
    return;
  }
  const db = running.runtime.db;
  if ((await db.query('SELECT 1 FROM resources WHERE community_id = $1 LIMIT 1', [first.id])).length > 0) return;
  await catchUpProjections(running, DEMO_NETWORKS.flatMap((key) => (manifest[`topics:${key}`] as string[] | undefined) ?? []));
  const { domain } = running;
  const random = new SeededRandom(context.randomSeed + 3);
  const as = (memberId: string) => running.access(memberViewer(memberId));
  const coordinatorId = manifest.members.coordinator!;
  const coordinator = as(coordinatorId);

  context.progress.start('resources demo', LIBRARIES.length + SHARED.length);
  for (const library of LIBRARIES) {
    const community = manifest.communities[library.community];
    if (!community) continue;
    if (context.clock && context.history !== false) {
      const started = performance.now();
      const history = planLibraryHistory(running, context, library);
      await context.clock.replay(history);
      logger.info({ library: library.community, actions: history.length, seconds: Math.round((performance.now() - started) / 100) / 10 }, 'library history written');
    }
    const members = manifest.communityMembers[library.community] ?? [coordinatorId];
    const topics = await topicsByLabel(running, community.networkId);
    const tags = new Map<string, string>();
    for (const label of library.tags) tags.set(label, (await domain.curation.createTag(coordinator, { communityId: community.id, label })).id);
    const created = new Map<string, string>();
    for (const [index, item] of library.resources.entries()) {
      const contributorId = members[index % members.length]!;
      created.set(item.title, await createResource(running, as(contributorId), { communityId: community.id }, item, topics, tags));
    }
    for (const title of library.featured) await domain.curation.setFeatured(coordinator, { resourceId: created.get(title)!, featured: true });
    for (const collection of library.collections) {
      const made = await domain.collections.create(coordinator, { communityId: community.id, title: collection.title, description: collection.description });
      await domain.collections.setItems(coordinator, { collectionId: made.id, resourceIds: collection.items.map((title) => created.get(title)!) });
    }
    // Some engagement, so sorting by views and helpfulness shows something.
    for (const memberId of members.slice(0, 12)) {
      const viewer = as(memberId);
      for (const resourceId of random.sample([...created.values()], random.int(1, created.size))) {
        await domain.engagement.recordView(viewer, { resourceId });
        if (random.chance(0.4)) await domain.engagement.setHelpful(viewer, { resourceId, helpful: true });
        if (random.chance(0.2)) await domain.engagement.setBookmarked(viewer, { resourceId, bookmarked: true });
      }
    }
    if (library.curated) {
      await domain.curation.updateSettings(coordinator, { communityId: community.id, curated: true });
      const submitter = members.find((id) => id !== coordinatorId && id !== manifest.members.moderator);
      if (library.pending && submitter) await createResource(running, as(submitter), { communityId: community.id }, library.pending, topics, tags);
    }
    context.progress.increment();
  }
  for (const shared of SHARED) {
    const networkId = manifest.networks[shared.network];
    if (networkId) await createResource(running, as(manifest.members.admin!), { networkId }, shared.resource, await topicsByLabel(running, networkId), new Map());
    context.progress.increment();
  }
  context.progress.stop();
}

async function createResource(running: RunningResources, access: Access, scope: { communityId?: string; networkId?: string }, item: DemoResource, topics: Map<string, string>, tags: Map<string, string>): Promise<string> {
  const { domain } = running;
  let uploadId: string | undefined;
  if (item.document) {
    const bytes = tinyPdf(item.document.text);
    const upload = await domain.files.createUpload(access, { ...scope, fileName: item.document.fileName, byteSize: bytes.length });
    await domain.files.receive(upload.id, Readable.from([bytes]), bytes.length);
    uploadId = upload.id;
  }
  const resource = await domain.contributions.create(access, {
    ...scope,
    title: item.title,
    summary: item.summary,
    kind: item.kind,
    audience: item.audience,
    topicIds: item.topics.map((label) => topics.get(label)).filter((id): id is string => Boolean(id)),
    tagIds: (item.tags ?? []).map((label) => tags.get(label)!),
    sourceName: item.sourceName,
    publishedOn: item.publishedOn,
    licence: item.licence,
    url: item.url,
    uploadId,
  });
  return resource.id;
}

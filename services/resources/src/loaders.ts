import DataLoader from 'dataloader';
import { pagesLoader, reportMeasuresLoader, type Access, type PageRequest } from '@praxis/platform';
import type { ResourcesDomain } from './library';
import { libraryQueueCounts } from './library/admin-home';
import type { ResourceMeasures } from './library/reports';
import { visibleTo } from './library/visibility';
import type { ResourceEntity } from './entities';

/** Nested pages of many owners: keys asking for the same page share one statement. */
function pagedLoader<P>(fetch: (owners: string[], page: PageRequest) => Promise<P[]>) {
  return pagesLoader<{ owner: string; page: PageRequest }, P>({ parentOf: (key) => key.owner, fetch: (keys, page) => fetch(keys.map((key) => key.owner), page) });
}

/**
 * The DataLoaders of one request. Created fresh per request, so nothing is cached across
 * viewers and a change (or a ban) is visible on the very next request.
 */
export function createLoaders(domain: ResourcesDomain, access: Access) {
  const read = domain.read;
  const viewerId = access.viewer.memberId;
  const resource = new DataLoader((ids: readonly string[]) => read.resources(ids));
  return {
    resource,
    /** A resource if the viewer may see it now, else null: for references and lookups by id. */
    visibleResource: new DataLoader<string, ResourceEntity | null>(async (ids) => {
      const rows = await resource.loadMany(ids);
      const found = rows.map((row) => (row instanceof Error ? null : row));
      const communities = [...new Set(found.flatMap((row) => (row?.communityId ? [row.communityId] : [])))];
      const rights = new Map((await access.communities(communities)).map((entry, index) => [communities[index]!, entry]));
      return found.map((row) => (row && visibleTo(row, row.communityId ? (rights.get(row.communityId) ?? null) : null, viewerId) ? row : null));
    }),
    file: new DataLoader((ids: readonly string[]) => read.files(ids)),
    topic: new DataLoader((ids: readonly string[]) => read.topics(ids)),
    tag: new DataLoader((ids: readonly string[]) => read.tags(ids)),
    collection: new DataLoader((ids: readonly string[]) => read.collections(ids)),
    topicsOf: new DataLoader((ids: readonly string[]) => read.topicsOfResources(ids)),
    tagsOf: new DataLoader((ids: readonly string[]) => read.tagsOfResources(ids)),
    eventLinksOf: new DataLoader((ids: readonly string[]) => read.eventLinksOfResources(ids)),
    settings: new DataLoader((ids: readonly string[]) => read.settings(ids)),
    /** The curation queue and broken links of each community, counted together. */
    libraryQueueCounts: new DataLoader((communityIds: readonly string[]) => libraryQueueCounts(read.run, communityIds)),
    /** Keyed "communityId:all" or "communityId:live". */
    communityTags: new DataLoader((keys: readonly string[]) => read.tagsOfCommunities(keys)),
    collectionItemCount: new DataLoader((ids: readonly string[]) => read.collectionItemCounts(ids)),
    bookmarkedAt: new DataLoader<string, Date | null>((ids) => (viewerId ? read.viewerMarks('resource_bookmarks', viewerId, ids) : Promise.resolve(ids.map(() => null)))),
    helpfulAt: new DataLoader<string, Date | null>((ids) => (viewerId ? read.viewerMarks('resource_helpful_marks', viewerId, ids) : Promise.resolve(ids.map(() => null)))),
    eventRef: new DataLoader((ids: readonly string[]) => read.eventRefs(ids)),
    /** Keyed by resource and range; one statement per range asked for. */
    dailyStats: new DataLoader<{ resourceId: string; from: string; to: string }, { day: string; views: number; downloads: number }[], string>(
      async (keys) => {
        const ranges = new Map<string, { from: string; to: string; ids: string[] }>();
        for (const key of keys) {
          const range = ranges.get(`${key.from}|${key.to}`) ?? { from: key.from, to: key.to, ids: [] };
          range.ids.push(key.resourceId);
          ranges.set(`${key.from}|${key.to}`, range);
        }
        const results = new Map<string, { day: string; views: number; downloads: number }[]>();
        for (const range of ranges.values()) {
          const stats = await read.dailyStatsOf(range.ids, range.from, range.to);
          range.ids.forEach((id, index) => results.set(`${id}|${range.from}|${range.to}`, stats[index]!));
        }
        return keys.map((key) => results.get(`${key.resourceId}|${key.from}|${key.to}`)!);
      },
      { cacheKeyFn: (key) => `${key.resourceId}|${key.from}|${key.to}` },
    ),
    /**
     * The library's report numbers for report periods. All periods of one report are counted
     * together, after one live permission check for the report's scope, so a forged
     * representation reads nothing.
     */
    reportMeasures: reportMeasuresLoader<ResourceMeasures>(access, (buckets) => domain.reports.measures(buckets)),
    revisions: pagedLoader((owners, page) => read.revisionsOf(owners, page)),
    featured: pagedLoader((owners, page) => read.featuredOf(owners, page)),
    curationQueue: pagedLoader((owners, page) => read.curationQueuesOf(owners, page)),
    collectionsOf: pagedLoader((owners, page) => read.collectionsOf(owners, page)),
    collectionItems: pagedLoader((owners, page) => read.collectionItemsOf(owners, page)),
    eventResources: pagedLoader((owners, page) => read.eventResourcesOf(owners, page)),
    contributions: pagedLoader(async (owners, page) => read.contributionsOf(owners, page, viewerId, await access.readableCommunityIds())),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

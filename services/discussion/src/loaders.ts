import DataLoader from 'dataloader';
import { pagesLoader, reportMeasuresLoader, type Access, type Connection, type PageRequest } from '@praxis/platform';
import type { DiscussionDomain } from './discussion';
import { moderationQueueCounts } from './discussion/admin-home';
import type { ReplyListParent, ThreadListParent, ThreadOrder } from './discussion/pages';
import type { DiscussionMeasures } from './discussion/reports';
import type { ForumEntity, ModerationLogEntity, PostEntity, PostRevisionEntity, ReportEntity, ThreadEntity } from './entities';

export interface PageKey<P, O> {
  parent: P;
  options: O;
  page: PageRequest;
}

/** Keys asking for the same page with the same options are answered by one lateral-join statement. */
function parentPages<P, O, Row>(fetch: (parents: P[], options: O, page: PageRequest) => Promise<Connection<Row>[]>) {
  return pagesLoader<PageKey<P, O>, Connection<Row>>({
    parentOf: (key) => JSON.stringify(key.parent),
    variant: (key) => JSON.stringify(key.options),
    fetch: (keys, page) => fetch(keys.map((key) => key.parent), keys[0]!.options, page),
  });
}

/**
 * The DataLoaders of one request. Created fresh per request, so nothing is cached across
 * viewers and a change is visible on the very next request.
 */
export function createLoaders(domain: DiscussionDomain, access: Access) {
  const { read, pages } = domain;
  const viewerId = access.viewer.memberId;
  const forViewer = <T>(fallback: T, load: (ids: readonly string[], viewer: string) => Promise<T[]>) => (ids: readonly string[]) =>
    viewerId ? load(ids, viewerId) : Promise.resolve(ids.map(() => fallback));
  return {
    forum: new DataLoader((ids: readonly string[]) => read.forums(ids)),
    thread: new DataLoader((ids: readonly string[]) => read.threads(ids)),
    post: new DataLoader((ids: readonly string[]) => read.posts(ids)),
    openingPost: new DataLoader((threadIds: readonly string[]) => read.openingPosts(threadIds)),
    settings: new DataLoader((communityIds: readonly string[]) => read.settings(communityIds)),
    moderationQueueCount: new DataLoader((communityIds: readonly string[]) => moderationQueueCounts(read.run, communityIds)),
    /** Keyed "RESOURCE:id" or "EVENT:id". */
    subjectThread: new DataLoader((keys: readonly string[]) => read.subjectThreads(keys)),
    /** What the projection knows of a resource or event, keyed as subjectThread. */
    subject: new DataLoader((keys: readonly string[]) => read.subjects(keys)),
    replyCount: new DataLoader((threadIds: readonly string[]) => read.replyCounts(threadIds)),
    viewCount: new DataLoader((threadIds: readonly string[]) => read.viewCounts(threadIds)),
    reactionCounts: new DataLoader((postIds: readonly string[]) => read.reactionCounts(postIds)),
    mentions: new DataLoader((postIds: readonly string[]) => read.mentions(postIds)),
    mentionedMembers: new DataLoader((postIds: readonly string[]) => read.mentionedMembers(postIds)),
    openReportCount: new DataLoader((postIds: readonly string[]) => read.openReportCounts(postIds)),
    viewerReactions: new DataLoader(forViewer([], (ids, viewer) => read.viewerReactions(ids, viewer))),
    threadFollowing: new DataLoader(forViewer(false, (ids, viewer) => read.threadFollows(ids, viewer))),
    forumFollowing: new DataLoader(forViewer(false, (ids, viewer) => read.forumFollows(ids, viewer))),
    threadUnread: new DataLoader(forViewer(0, (ids, viewer) => read.threadUnread(ids, viewer))),
    forumUnread: new DataLoader(forViewer(0, (ids, viewer) => read.forumUnread(ids, viewer))),
    communityUnread: new DataLoader((ids: readonly string[]) => read.communityUnread(ids, viewerId!)),
    /** Counted in the communities the viewer may read. */
    activity: new DataLoader(async (memberIds: readonly string[]) => read.activity(memberIds, await access.readableCommunityIds())),
    dailyViews: new DataLoader<{ threadId: string; from: string; to: string }, { day: string; viewers: number }[], string>(
      async (keys) => {
        const results = new Map<string, { day: string; viewers: number }[]>();
        for (const range of new Set(keys.map((key) => `${key.from}|${key.to}`))) {
          const [from, to] = range.split('|') as [string, string];
          const ids = keys.filter((key) => key.from === from && key.to === to).map((key) => key.threadId);
          const days = await read.dailyViews(ids, from, to);
          ids.forEach((id, index) => results.set(`${id}|${range}`, days[index]!));
        }
        return keys.map((key) => results.get(`${key.threadId}|${key.from}|${key.to}`)!);
      },
      { cacheKeyFn: (key) => `${key.threadId}|${key.from}|${key.to}` },
    ),
    /**
     * Discussion's report numbers for report periods, as the gateway asks for all periods of a
     * report at once. Each report's reader is checked live, once, from the key's scope; then all
     * its periods are counted together.
     */
    reportMeasures: reportMeasuresLoader<DiscussionMeasures>(access, (buckets) => domain.reports.measures(buckets)),
    forumsOf: parentPages<string, { includeArchived: boolean }, ForumEntity>((communityIds, options, page) => pages.forumsOf(communityIds, options.includeArchived, page)),
    threadsOf: parentPages<ThreadListParent, { order: ThreadOrder }, ThreadEntity>((forums, options, page) => pages.threadsOf(forums, options.order, page)),
    recentThreadsOf: parentPages<string, null, ThreadEntity>((communityIds, _options, page) => pages.recentThreadsOf(communityIds, page)),
    repliesOf: parentPages<ReplyListParent, null, PostEntity>((threads, _options, page) => pages.repliesOf(threads, viewerId, page)),
    threadsBy: parentPages<string, null, ThreadEntity>(async (memberIds, _options, page) => pages.threadsBy(memberIds, await access.readableCommunityIds(), viewerId, page)),
    postsBy: parentPages<string, null, PostEntity>(async (memberIds, _options, page) => pages.postsBy(memberIds, await access.readableCommunityIds(), viewerId, page)),
    revisionsOf: parentPages<string, null, PostRevisionEntity>((postIds, _options, page) => pages.revisionsOf(postIds, page)),
    queueOf: parentPages<string, null, PostEntity>((communityIds, _options, page) => pages.queueOf(communityIds, page)),
    auditLogOf: parentPages<string, null, ModerationLogEntity>((communityIds, _options, page) => pages.auditLogOf(communityIds, page)),
    openReportsOf: parentPages<string, null, ReportEntity>((postIds, _options, page) => pages.openReportsOf(postIds, page)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

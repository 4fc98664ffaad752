import { pageRequest } from '@praxis/platform';
import type {
  DiscussionModerationActionResolvers,
  DiscussionModerationItemResolvers,
  DiscussionPostRevisionResolvers,
  DiscussionReactionSummaryResolvers,
  DiscussionReportResolvers,
  DiscussionSearchHitResolvers,
  DiscussionSettingsResolvers,
} from '../__generated__/resolvers';
import { snippetHtml, snippetText } from '../discussion/search';

export const DiscussionModerationItem: DiscussionModerationItemResolvers = {
  pendingApproval: (item) => item.post.status === 'PENDING_APPROVAL',
  openReportCount: (item, _args, { loaders }) => loaders.openReportCount.load(item.post.id),
  reports: (item, args, { loaders }) => loaders.openReportsOf.load({ parent: item.post.id, options: null, page: pageRequest(args, 2) }),
};

export const DiscussionReport: DiscussionReportResolvers = {
  post: async (report, _args, { loaders }) => (await loaders.post.load(report.postId))!,
  reporter: (report) => (report.reporterId ? { id: report.reporterId } : null),
};

export const DiscussionModerationAction: DiscussionModerationActionResolvers = {
  actor: (entry) => ({ id: entry.actorId }),
  thread: (entry, _args, { loaders }) => (entry.threadId ? loaders.thread.load(entry.threadId) : null),
  post: (entry, _args, { loaders }) => (entry.postId ? loaders.post.load(entry.postId) : null),
  fromForum: (entry, _args, { loaders }) => (entry.fromForumId ? loaders.forum.load(entry.fromForumId) : null),
  toForum: (entry, _args, { loaders }) => (entry.toForumId ? loaders.forum.load(entry.toForumId) : null),
  preModerationHeldPosts: (entry) => (typeof entry.details.heldPosts === 'number' ? entry.details.heldPosts : null),
};

export const DiscussionSettings: DiscussionSettingsResolvers = {
  preModerationHeldPosts: (settings) => settings.preModerationPosts,
};

export const DiscussionPostRevision: DiscussionPostRevisionResolvers = {
  bodyMarkdown: (revision) => revision.body,
};

export const DiscussionReactionSummary: DiscussionReactionSummaryResolvers = {
  likeCount: async (summary, _args, { loaders }) => (await loaders.reactionCounts.load(summary.postId)).like,
  helpfulCount: async (summary, _args, { loaders }) => (await loaders.reactionCounts.load(summary.postId)).helpful,
  viewerLiked: async (summary, _args, { loaders }) => (await loaders.viewerReactions.load(summary.postId)).includes('LIKE'),
  viewerFoundHelpful: async (summary, _args, { loaders }) => (await loaders.viewerReactions.load(summary.postId)).includes('HELPFUL'),
};

export const DiscussionSearchHit: DiscussionSearchHitResolvers = {
  thread: async (hit, _args, { loaders }) => (await loaders.thread.load(hit.post.threadId))!,
  snippet: (hit) => snippetText(hit.headline),
  snippetHtml: (hit) => snippetHtml(hit.headline),
};

import { errors, pageRequest, renderMarkdown } from '@praxis/platform';
import type { DiscussionPostResolvers } from '../__generated__/resolvers';
import type { Context } from '../context';
import type { PostEntity } from '../entities';
import { canSeeItem, canSeeText } from '../discussion/visibility';

const textVisible = async (post: PostEntity, { access }: Context) => canSeeText(post, access.viewer.memberId, await access.community(post.communityId));

export const DiscussionPost: DiscussionPostResolvers = {
  thread: async (post, _args, { loaders }) => (await loaders.thread.load(post.threadId))!,
  author: (post) => ({ id: post.authorId }),
  isOpeningPost: (post) => post.isOpening,
  replyTo: async (post, _args, { access, loaders }) => {
    if (!post.replyToId) return null;
    const target = await loaders.post.load(post.replyToId);
    return target && canSeeItem(target, access.viewer.memberId, await access.community(target.communityId)) ? target : null;
  },
  bodyMarkdown: async (post, _args, context) => ((await textVisible(post, context)) ? post.body : null),
  bodyHtml: async (post, _args, context) => ((await textVisible(post, context)) ? renderMarkdown(post.body) : null),
  mentionedHandles: async (post, _args, context) => ((await textVisible(post, context)) ? context.loaders.mentions.load(post.id) : []),
  mentions: async (post, _args, context) =>
    (await textVisible(post, context)) ? (await context.loaders.mentionedMembers.load(post.id)).map((id) => ({ id })) : [],
  reactions: (post) => ({ postId: post.id }),
  isAcceptedAnswer: async (post, _args, { loaders }) => (await loaders.thread.load(post.threadId))?.acceptedPostId === post.id,
  revisions: async (post, args, { access, loaders }) => {
    const rights = await access.community(post.communityId);
    if (post.authorId !== access.viewer.memberId && !rights?.canModerate) throw errors.forbidden('Only its author and moderators can see a post’s history.');
    return loaders.revisionsOf.load({ parent: post.id, options: null, page: pageRequest(args, 1) });
  },
  viewerIsAuthor: (post, _args, { access }) => access.viewer.memberId === post.authorId,
};

import type { DiscussionSubjectResolvers, EventResolvers, ResourceResolvers } from '../__generated__/resolvers';
import type { Context } from '../context';
import type { SubjectRef } from '../discussion/records';
import { commentProblem } from '../discussion/reply-rule';
import { isUuid } from '../discussion/validation';

/**
 * The comment thread of a resource or event. Permission follows the community in the key,
 * which the owning subgraph supplies; a thread the projection has placed elsewhere (the owner
 * moved it and the event is still on its way) is not shown until the two agree.
 */
async function discussionOf(subject: SubjectRef, { access, loaders }: Context) {
  if (!subject.communityId || !isUuid(subject.id) || !isUuid(subject.communityId)) return null;
  const rights = await access.community(subject.communityId);
  if (!rights?.canRead) return null;
  const thread = await loaders.subjectThread.load(`${subject.type}:${subject.id}`);
  return thread && thread.communityId === subject.communityId ? thread : null;
}

async function canComment(subject: SubjectRef, { access, loaders }: Context): Promise<boolean> {
  if (!access.viewer.memberId || !subject.communityId || !isUuid(subject.id) || !isUuid(subject.communityId)) return false;
  const key = `${subject.type}:${subject.id}`;
  const [rights, known, thread] = await Promise.all([access.community(subject.communityId), loaders.subject.load(key), loaders.subjectThread.load(key)]);
  // The owner's key and the projection disagree while a move is on its way: wait for them to agree.
  if (known && known.communityId !== subject.communityId) return false;
  const started = thread ? { thread, forum: await loaders.forum.load(thread.forumId) } : null;
  return commentProblem(known, subject.type === 'RESOURCE' ? 'Resource' : 'Event', rights, access.viewer.memberId, started) === null;
}

export const Resource: ResourceResolvers = {
  __resolveReference: (reference) => ({ type: 'RESOURCE', id: reference.id, communityId: reference.communityId ?? null }),
  discussion: (subject, _args, context) => discussionOf(subject, context),
  discussionViewerCanComment: (subject, _args, context) => canComment(subject, context),
};

export const Event: EventResolvers = {
  __resolveReference: (reference) => ({ type: 'EVENT', id: reference.id, communityId: reference.communityId }),
  communityId: (subject) => subject.communityId!,
  discussion: (subject, _args, context) => discussionOf(subject, context),
  discussionViewerCanComment: (subject, _args, context) => canComment(subject, context),
};

export const DiscussionSubject: DiscussionSubjectResolvers = {
  __resolveType: (subject) => (subject.type === 'RESOURCE' ? 'Resource' : 'Event'),
};

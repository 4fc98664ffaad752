import type { DiscussionSubjectResolvers, EventResolvers, ResourceResolvers } from '../__generated__/resolvers';
import type { Context } from '../context';
import type { SubjectRef } from '../discussion/records';
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
  const [rights, known] = await Promise.all([access.community(subject.communityId), loaders.subject.load(`${subject.type}:${subject.id}`)]);
  return Boolean(rights?.canParticipate && known && !known.deleted && known.communityId === subject.communityId);
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

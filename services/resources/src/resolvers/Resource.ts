import { dayRange, errors, pageRequest, renderMarkdown } from '@praxis/platform';
import type { ResourceEventLinkResolvers, ResourceFileResolvers, ResourceLinkHealthResolvers, ResourceResolvers, ResourceRevisionResolvers } from '../__generated__/resolvers';
import type { Context } from '../context';
import type { ResourceEntity } from '../entities';

/** Its contributor, and the moderators and coordinators of its community (network admins for shared ones). */
async function isOwnerOrCurator(resource: ResourceEntity, { access }: Context): Promise<boolean> {
  if (access.viewer.memberId !== null && access.viewer.memberId === resource.contributorId) return true;
  if (resource.communityId) return Boolean((await access.community(resource.communityId))?.canModerate);
  return Boolean((await access.network(resource.networkId))?.isAdmin);
}

export const Resource: ResourceResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.visibleResource.load(reference.id),
  community: (resource) => (resource.communityId ? { id: resource.communityId } : null),
  summaryHtml: (resource) => renderMarkdown(resource.summary),
  topics: (resource, _args, { loaders }) => loaders.topicsOf.load(resource.id),
  tags: (resource, _args, { loaders }) => loaders.tagsOf.load(resource.id),
  file: (resource, _args, { loaders }) => (resource.fileId ? loaders.file.load(resource.fileId) : null),
  linkHealth: (resource) => (resource.url ? resource : null),
  contributor: (resource) => ({ id: resource.contributorId }),
  rejectionReason: async (resource, _args, context) => (resource.reviewReason && resource.status === 'REJECTED' && (await isOwnerOrCurator(resource, context)) ? resource.reviewReason : null),
  reviewedBy: (resource) => (resource.reviewedBy ? { id: resource.reviewedBy } : null),
  viewerBookmarkedAt: (resource, _args, { loaders }) => loaders.bookmarkedAt.load(resource.id),
  viewerMarkedHelpfulAt: (resource, _args, { loaders }) => loaders.helpfulAt.load(resource.id),
  revisions: (resource, args, { loaders }) => loaders.revisions.load({ owner: resource.id, page: pageRequest(args, 1) }),
  linkedEvents: (resource, _args, { loaders }) => loaders.eventLinksOf.load(resource.id),
  dailyStats: async (resource, args, context) => {
    const range = dayRange(args.from, args.to);
    if (!(await isOwnerOrCurator(resource, context))) throw errors.forbidden("Only the resource's contributor and its community's curators can see its daily figures.");
    return context.loaders.dailyStats.load({ resourceId: resource.id, ...range });
  },
};

export const ResourceLinkHealth: ResourceLinkHealthResolvers = {
  status: (resource) => resource.linkStatus,
  httpStatus: (resource) => resource.linkHttpStatus,
  problem: (resource) => resource.linkProblem,
  finalUrl: (resource) => resource.linkFinalUrl,
  checkedAt: (resource) => resource.linkCheckedAt,
};

export const ResourceFile: ResourceFileResolvers = {
  byteSize: (file) => Number(file.byteSize),
  contentType: (file) => file.contentType!,
  uploadedAt: (file) => file.storedAt!,
};

export const ResourceRevision: ResourceRevisionResolvers = {
  actor: (revision) => (revision.actorId ? { id: revision.actorId } : null),
  title: (revision) => revision.snapshot.title,
  summary: (revision) => revision.snapshot.summary,
  kind: (revision) => revision.snapshot.kind,
  audience: (revision) => revision.snapshot.audience,
  url: (revision) => revision.snapshot.url,
  fileName: (revision) => revision.snapshot.fileName,
  communityId: (revision) => revision.snapshot.communityId,
  status: (revision) => revision.snapshot.status,
};

export const ResourceEventLink: ResourceEventLinkResolvers = {
  event: (link) => ({ id: link.eventId, communityId: link.communityId }),
  linkedBy: (link) => ({ id: link.linkedBy }),
};

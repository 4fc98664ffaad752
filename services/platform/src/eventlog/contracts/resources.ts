import { z } from 'zod';
import { defineEvent } from '../envelope';

const PUBLISHER = 'resources';
const id = z.uuid();

/**
 * A resource's place in the world changed. Discussion keeps a projection of these to know which
 * community owns a resource it holds comments for (docs/adr/0006-references-between-subgraphs.md).
 */
export const ResourceChanged = defineEvent(PUBLISHER, 'resources.ResourceChanged', 1, z.object({
  resourceId: id,
  networkId: id,
  /** Null for a resource shared network-wide. */
  communityId: id.nullable(),
  change: z.enum(['CREATED', 'UPDATED', 'MOVED', 'DELETED']),
}));

export const RESOURCE_KINDS = ['LINK', 'ARTICLE', 'VIDEO', 'DOCUMENT', 'TOOLKIT', 'FRAMEWORK', 'CASE_STUDY', 'RECORDING'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/**
 * What every activity event carries, so participation reports (issue 7) can count who took part
 * where and when without reading the library's tables. `communityId` is null for resources
 * shared network-wide; `occurredAt` repeats the envelope's time so a payload stands on its own.
 */
const activity = {
  resourceId: id,
  memberId: id,
  networkId: id,
  communityId: id.nullable(),
  occurredAt: z.iso.datetime(),
};

/** A member submitted a resource to a library (whether or not it still awaits curation). */
export const ResourceContributed = defineEvent(PUBLISHER, 'resources.ResourceContributed', 1, z.object({
  ...activity,
  kind: z.enum(RESOURCE_KINDS),
}));

/** A signed-in member viewed a resource (recorded by an explicit mutation, never by a query). */
export const ResourceViewed = defineEvent(PUBLISHER, 'resources.ResourceViewed', 1, z.object(activity));

/** A signed-in member downloaded a resource's document through a signed link. */
export const ResourceDownloaded = defineEvent(PUBLISHER, 'resources.ResourceDownloaded', 1, z.object(activity));

/** A member marked a resource helpful (`helpful: true`) or took the mark back (`false`). */
export const ResourceMarkedHelpful = defineEvent(PUBLISHER, 'resources.ResourceMarkedHelpful', 1, z.object({
  ...activity,
  helpful: z.boolean(),
}));

/** A curator approved or rejected a submitted resource; notifications tells its contributor. */
export const ResourceReviewed = defineEvent(PUBLISHER, 'resources.ResourceReviewed', 1, z.object({
  resourceId: id,
  networkId: id,
  /** Null for a resource shared network-wide. */
  communityId: id.nullable(),
  /** Null once the contributor's account was deleted. */
  contributorId: id.nullable(),
  reviewerId: id.nullable(),
  decision: z.enum(['APPROVED', 'REJECTED']),
  /** The curator's reason for a rejection, which the contributor sees; null for an approval. */
  reason: z.string().max(2000).nullable(),
  title: z.string().max(300),
}));

/** A resource was featured in its library, or stopped being featured; digests list new features. */
export const ResourceFeatured = defineEvent(PUBLISHER, 'resources.ResourceFeatured', 1, z.object({
  resourceId: id,
  networkId: id,
  /** Null for a resource shared network-wide. */
  communityId: id.nullable(),
  featured: z.boolean(),
  title: z.string().max(300),
}));

export const resourcesEvents = { ResourceChanged, ResourceReviewed, ResourceFeatured, ResourceContributed, ResourceViewed, ResourceDownloaded, ResourceMarkedHelpful };

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

export const resourcesEvents = { ResourceChanged };

import { z } from 'zod';
import { errors, parseInput, returning, type Access } from '@praxis/platform';
import type { EventRefEntity, ResourceEntity, ResourceEventLinkEntity } from '../entities';
import type { Deps } from './deps';
import type { ReadModel } from './read-model';
import { MAX_EVENT_LINKS, targetIdSchema } from './validation';
import { requireVisible } from './visibility';

const linkInput = z.object({ resourceId: targetIdSchema, eventId: targetIdSchema, role: z.enum(['SLIDES', 'RECORDING', 'HANDOUT', 'OTHER']) });
const unlinkInput = z.object({ resourceId: targetIdSchema, eventId: targetIdSchema });

/**
 * Links between resources and events (slides, recordings). An event's community comes from the
 * projection of the events service's EventChanged events, never from the client; an event not
 * (yet) in it is NOT_FOUND.
 */
export class EventLinks {
  constructor(
    private readonly deps: Deps,
    private readonly read: ReadModel,
  ) {}

  async link(access: Access, raw: unknown): Promise<{ resource: ResourceEntity; link: ResourceEventLinkEntity & { communityId: string } }> {
    const input = parseInput(linkInput, raw);
    const { resource, event } = await this.authorise(access, input.resourceId, input.eventId);
    if (resource.status !== 'PUBLISHED') throw errors.conflict('INVALID_STATE', 'Only published resources can be linked to events.');
    if (resource.communityId === null ? resource.networkId !== event.networkId : resource.communityId !== event.communityId) {
      throw errors.badInput('input.resourceId', "Link resources of the event's own community, or shared across its network.");
    }
    const link = await this.deps.runtime.transaction(async (manager) => {
      await manager.query('SELECT 1 FROM resources WHERE id = $1 FOR UPDATE', [resource.id]);
      const [{ count }] = (await manager.query('SELECT count(*)::int AS count FROM resource_event_links WHERE resource_id = $1 AND event_id <> $2', [resource.id, event.eventId])) as [{ count: number }];
      if (count >= MAX_EVENT_LINKS) throw errors.conflict('INVALID_STATE', `A resource links to at most ${MAX_EVENT_LINKS} events.`);
      const [row] = await returning<ResourceEventLinkEntity>(
        manager,
        `INSERT INTO resource_event_links (resource_id, event_id, role, linked_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (resource_id, event_id) DO UPDATE SET role = EXCLUDED.role
         RETURNING resource_id AS "resourceId", event_id AS "eventId", role, linked_by AS "linkedBy", linked_at AS "linkedAt"`,
        [resource.id, event.eventId, input.role, access.viewer.memberId],
      );
      return { ...row!, communityId: event.communityId };
    });
    return { resource, link };
  }

  async unlink(access: Access, raw: unknown): Promise<ResourceEntity> {
    const input = parseInput(unlinkInput, raw);
    const { resource } = await this.authorise(access, input.resourceId, input.eventId);
    await this.deps.runtime.transaction((manager) => manager.query('DELETE FROM resource_event_links WHERE resource_id = $1 AND event_id = $2', [resource.id, input.eventId]));
    return resource;
  }

  /** Moderators and coordinators of the event's community, or the resource's contributor while active there. */
  private async authorise(access: Access, resourceId: string, eventId: string): Promise<{ resource: ResourceEntity; event: EventRefEntity }> {
    const memberId = access.requireMember();
    const [event] = await this.read.eventRefs([eventId]);
    if (!event || event.deleted) throw errors.notFound('Event');
    const { resource } = await requireVisible(this.read, access, resourceId);
    const rights = await access.requireVisible(event.communityId, 'Event');
    if (rights.canModerate) {
      if (rights.archived) throw errors.forbidden('This community is archived and read-only.', 'ARCHIVED');
      return { resource, event };
    }
    if (resource.contributorId !== memberId) throw errors.forbidden("Only the event's moderators and coordinators, or the resource's contributor, can link it.");
    await access.requireParticipate(event.communityId);
    return { resource, event };
  }
}

import { z } from 'zod';
import { errors, parseInput, publish, resourcesContracts, returning, type Access } from '@praxis/platform';
import type { ResourceEntity } from '../entities';
import type { Deps } from './deps';
import type { ReadModel } from './read-model';
import { targetIdSchema } from './validation';
import { requireVisible } from './visibility';

const reference = z.object({ resourceId: targetIdSchema });
const helpfulInput = z.object({ resourceId: targetIdSchema, helpful: z.boolean() });
const bookmarkInput = z.object({ resourceId: targetIdSchema, bookmarked: z.boolean() });

export type Counter = 'views' | 'downloads';

/**
 * Views, downloads, helpful marks and bookmarks. Counters are bumped with single atomic
 * statements (an upsert per day and an increment per resource), so concurrent requests never
 * lose an increment; they move only through these methods, never as a side effect of a query.
 */
export class Engagement {
  constructor(
    private readonly deps: Deps,
    private readonly read: ReadModel,
  ) {}

  async recordView(access: Access, raw: { resourceId: unknown }): Promise<ResourceEntity> {
    const { resourceId } = parseInput(reference, raw);
    const { resource } = await requireVisible(this.read, access, resourceId);
    if (resource.status !== 'PUBLISHED') throw errors.conflict('INVALID_STATE', 'Views are counted for published resources only.');
    await this.count('views', resource, access.viewer.memberId);
    return (await this.read.resources([resourceId]))[0]!;
  }

  /**
   * Counts one view or download on the resource and its day in the network's time zone, and
   * tells reports who it was when a member was signed in.
   */
  async count(counter: Counter, resource: Pick<ResourceEntity, 'id' | 'networkId' | 'communityId'>, memberId: string | null): Promise<void> {
    const total = counter === 'views' ? 'view_count' : 'download_count';
    await this.deps.runtime.transaction(async (manager) => {
      const [row] = await returning<{ at: Date }>(
        manager,
        `WITH bumped AS (
           UPDATE resources SET ${total} = ${total} + 1 WHERE id = $1 AND deleted_at IS NULL RETURNING id, network_id, community_id
         ), zone AS (
           SELECT coalesce((SELECT time_zone FROM network_zones z, bumped b WHERE z.network_id = b.network_id), 'UTC') AS tz
         )
         INSERT INTO resource_daily_stats (resource_id, day, network_id, community_id, ${counter})
         SELECT b.id, ($2::timestamptz AT TIME ZONE zone.tz)::date, b.network_id, b.community_id, 1 FROM bumped b, zone
         ON CONFLICT (resource_id, day) DO UPDATE SET ${counter} = resource_daily_stats.${counter} + 1
         RETURNING $2::timestamptz AS at`,
        [resource.id, this.deps.runtime.clock.now()],
      );
      if (!row) throw errors.notFound('Resource');
      if (!memberId) return;
      const payload = { resourceId: resource.id, memberId, networkId: resource.networkId, communityId: resource.communityId, occurredAt: row.at.toISOString() };
      await publish(manager, counter === 'views' ? resourcesContracts.ResourceViewed : resourcesContracts.ResourceDownloaded, payload, { occurredAt: row.at });
    });
  }

  /** Active members of the resource's community mark it; any signed-in member for shared ones. */
  async setHelpful(access: Access, raw: unknown): Promise<ResourceEntity> {
    const input = parseInput(helpfulInput, raw);
    const memberId = access.requireMember();
    const { resource } = await requireVisible(this.read, access, input.resourceId);
    if (resource.communityId) await access.requireParticipate(resource.communityId);
    if (resource.status !== 'PUBLISHED') throw errors.conflict('INVALID_STATE', 'Only published resources can be marked helpful.');
    await this.deps.runtime.transaction(async (manager) => {
      const changed = input.helpful
        ? await returning<{ at: Date }>(
            manager,
            `INSERT INTO resource_helpful_marks (resource_id, member_id, network_id, community_id, marked_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (resource_id, member_id) WHERE member_id IS NOT NULL DO NOTHING RETURNING marked_at AS at`,
            [resource.id, memberId, resource.networkId, resource.communityId, this.deps.runtime.clock.now()],
          )
        : await returning<{ at: Date }>(manager, `DELETE FROM resource_helpful_marks WHERE resource_id = $1 AND member_id = $2 RETURNING $3::timestamptz AS at`, [resource.id, memberId, this.deps.runtime.clock.now()]);
      // Marking twice, or unmarking what was never marked, changes nothing and tells no one.
      if (changed.length === 0) return;
      await manager.query(`UPDATE resources SET helpful_count = helpful_count + $2 WHERE id = $1`, [resource.id, input.helpful ? 1 : -1]);
      const at = changed[0]!.at;
      await publish(
        manager,
        resourcesContracts.ResourceMarkedHelpful,
        { resourceId: resource.id, memberId, networkId: resource.networkId, communityId: resource.communityId, occurredAt: at.toISOString(), helpful: input.helpful },
        { occurredAt: at },
      );
    });
    return (await this.read.resources([input.resourceId]))[0]!;
  }

  async setBookmarked(access: Access, raw: unknown): Promise<ResourceEntity> {
    const input = parseInput(bookmarkInput, raw);
    const memberId = access.requireMember();
    const { resource } = await requireVisible(this.read, access, input.resourceId);
    await this.deps.runtime.transaction((manager) =>
      input.bookmarked
        ? manager.query('INSERT INTO resource_bookmarks (member_id, resource_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [memberId, resource.id])
        : manager.query('DELETE FROM resource_bookmarks WHERE member_id = $1 AND resource_id = $2', [memberId, resource.id]),
    );
    return resource;
  }
}

import { z } from 'zod';
import { errors, isUniqueViolation, parseInput, publish, resourcesContracts, returning, type Access } from '@praxis/platform';
import type { LibrarySettingsEntity, LibraryTagEntity, ResourceEntity } from '../entities';
import type { Deps } from './deps';
import type { ReadModel } from './read-model';
import { MAX_TAGS_PER_COMMUNITY, targetIdSchema, text } from './validation';
import { requireCommunityRole, requireCurator, requireResource } from './visibility';
import { lockResource, publishFeatured, recordRevision, refreshSearch } from './writes';

const rejectInput = z.object({ resourceId: targetIdSchema, reason: text.trimmed(1, 1000, 'Reason') });
const featureInput = z.object({ resourceId: targetIdSchema, featured: z.boolean() });
const settingsInput = z.object({ communityId: targetIdSchema, curated: z.boolean() });
const createTagInput = z.object({ communityId: targetIdSchema, label: text.trimmed(1, 60, 'Label') });
const updateTagInput = z.object({
  id: targetIdSchema,
  label: text.trimmed(1, 60, 'Label').nullish(),
  position: z.number().int().min(0).max(MAX_TAGS_PER_COMMUNITY).nullish(),
  archived: z.boolean().nullish(),
});

/** Curation (approve, reject, feature) and what coordinators keep: settings and tags. */
export class Curation {
  constructor(
    private readonly deps: Deps,
    private readonly read: ReadModel,
  ) {}

  async approve(access: Access, raw: { resourceId: unknown }): Promise<ResourceEntity> {
    const { resourceId } = parseInput(z.object({ resourceId: targetIdSchema }), raw);
    return this.review(access, resourceId, 'APPROVED', null);
  }

  async reject(access: Access, raw: unknown): Promise<ResourceEntity> {
    const input = parseInput(rejectInput, raw);
    return this.review(access, input.resourceId, 'REJECTED', input.reason);
  }

  async setFeatured(access: Access, raw: unknown): Promise<ResourceEntity> {
    const input = parseInput(featureInput, raw);
    const existing = await requireResource(this.read, access, input.resourceId);
    if (existing.communityId === null) {
      await access.requireNetworkAdmin(existing.networkId);
      throw errors.conflict('INVALID_STATE', 'Only resources of a community can be featured there.');
    }
    await requireCommunityRole(access, existing.communityId, 'coordinate');
    await this.deps.runtime.transaction(async (manager) => {
      const resource = await lockResource(manager, this.read, input.resourceId);
      if (resource.status !== 'PUBLISHED') throw errors.conflict('INVALID_STATE', 'Only published resources can be featured.');
      if ((resource.featuredAt !== null) === input.featured) return;
      await manager.query(`UPDATE resources SET featured_at = ${input.featured ? 'now()' : 'NULL'}, revision = revision + 1, updated_at = now() WHERE id = $1`, [resource.id]);
      await recordRevision(manager, resource.id, input.featured ? 'FEATURED' : 'UNFEATURED', access.viewer.memberId);
      await publishFeatured(manager, resource, input.featured);
    });
    return (await this.read.resources([input.resourceId]))[0]!;
  }

  async updateSettings(access: Access, raw: unknown): Promise<LibrarySettingsEntity> {
    const input = parseInput(settingsInput, raw);
    const rights = await requireCommunityRole(access, input.communityId, 'coordinate');
    const [settings] = await this.deps.runtime.transaction((manager) =>
      returning<LibrarySettingsEntity>(
        manager,
        `INSERT INTO library_settings (community_id, network_id, curated, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (community_id) DO UPDATE SET curated = EXCLUDED.curated, updated_by = EXCLUDED.updated_by, updated_at = now()
         RETURNING community_id AS "communityId", network_id AS "networkId", curated, updated_by AS "updatedBy", updated_at AS "updatedAt"`,
        [input.communityId, rights.networkId, input.curated, access.viewer.memberId],
      ),
    );
    return settings!;
  }

  async createTag(access: Access, raw: unknown): Promise<LibraryTagEntity> {
    const input = parseInput(createTagInput, raw);
    const rights = await requireCommunityRole(access, input.communityId, 'coordinate');
    try {
      return await this.deps.runtime.transaction(async (manager) => {
        // One writer per community's list at a time, so the limit and positions hold.
        await manager.query(`SELECT pg_advisory_xact_lock(hashtext('library_tags:' || $1))`, [input.communityId]);
        const [{ count, next }] = (await manager.query(
          'SELECT count(*)::int AS count, coalesce(max(position) + 1, 0)::int AS next FROM library_tags WHERE community_id = $1',
          [input.communityId],
        )) as [{ count: number; next: number }];
        if (count >= MAX_TAGS_PER_COMMUNITY) throw errors.conflict('INVALID_STATE', `A community keeps at most ${MAX_TAGS_PER_COMMUNITY} tags.`);
        const [tag] = await returning<{ id: string }>(
          manager,
          'INSERT INTO library_tags (community_id, network_id, label, position) VALUES ($1, $2, $3, $4) RETURNING id',
          [input.communityId, rights.networkId, input.label, Math.min(next, MAX_TAGS_PER_COMMUNITY)],
        );
        return (await this.tagIn(manager, tag!.id))!;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'library_tags_label')) throw errors.conflict('DUPLICATE', "This community's list has that tag already.", 'input.label');
      throw error;
    }
  }

  async updateTag(access: Access, raw: unknown): Promise<LibraryTagEntity> {
    const input = parseInput(updateTagInput, raw);
    access.requireMember();
    const [existing] = await this.read.tags([input.id]);
    if (!existing) throw errors.notFound('Tag');
    await access.requireVisible(existing.communityId, 'Tag');
    await requireCommunityRole(access, existing.communityId, 'coordinate');
    try {
      return await this.deps.runtime.transaction(async (manager) => {
        const patch: string[] = [];
        const params: unknown[] = [input.id];
        const set = (column: string, value: unknown) => {
          params.push(value);
          patch.push(`${column} = $${params.length}`);
        };
        if (input.label != null) set('label', input.label);
        if (input.position != null) set('position', input.position);
        if (input.archived != null) patch.push(input.archived ? 'archived_at = coalesce(archived_at, now())' : 'archived_at = NULL');
        if (patch.length > 0) await manager.query(`UPDATE library_tags SET ${patch.join(', ')} WHERE id = $1`, params);
        if (input.label != null && input.label !== existing.label) await refreshSearch(manager, { tagId: input.id });
        return (await this.tagIn(manager, input.id))!;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'library_tags_label')) throw errors.conflict('DUPLICATE', "This community's list has that tag already.", 'input.label');
      throw error;
    }
  }

  /**
   * Approving or rejecting. Permission comes before state, so a non-curator always learns
   * FORBIDDEN, and a second decision on the same submission is a CONFLICT. The decision is
   * published in the same transaction, for notifications to tell the contributor.
   */
  private async review(access: Access, resourceId: string, decision: 'APPROVED' | 'REJECTED', reason: string | null): Promise<ResourceEntity> {
    const existing = await requireResource(this.read, access, resourceId);
    await requireCurator(access, existing);
    await this.deps.runtime.transaction(async (manager) => {
      const resource = await lockResource(manager, this.read, resourceId);
      if (resource.status !== 'PENDING_REVIEW') throw errors.conflict('INVALID_STATE', 'Only submissions waiting for curation can be approved or rejected.');
      await manager.query(
        `UPDATE resources SET status = $2, review_reason = $3, reviewed_by = $4, reviewed_at = now(), revision = revision + 1, updated_at = now() WHERE id = $1`,
        [resource.id, decision === 'APPROVED' ? 'PUBLISHED' : 'REJECTED', reason, access.viewer.memberId],
      );
      await recordRevision(manager, resource.id, decision, access.viewer.memberId, reason);
      await publish(manager, resourcesContracts.ResourceReviewed, {
        resourceId: resource.id,
        networkId: resource.networkId,
        communityId: resource.communityId,
        contributorId: resource.contributorId,
        reviewerId: access.viewer.memberId,
        decision,
        reason,
        title: resource.title,
      });
    });
    return (await this.read.resources([resourceId]))[0]!;
  }

  private async tagIn(manager: { query: (sql: string, params: unknown[]) => Promise<unknown> }, id: string): Promise<LibraryTagEntity | null> {
    const rows = (await manager.query(
      `SELECT id, community_id AS "communityId", network_id AS "networkId", label, position, archived_at AS "archivedAt", created_at AS "createdAt" FROM library_tags WHERE id = $1`,
      [id],
    )) as LibraryTagEntity[];
    return rows[0] ?? null;
  }
}

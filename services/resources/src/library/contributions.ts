import { z } from 'zod';
import { clockOf, errors, parseInput, publish, resourcesContracts, type Access } from '@praxis/platform';
import type { ResourceEntity } from '../entities';
import type { Deps } from './deps';
import type { ReadModel } from './read-model';
import { audienceSchema, dateSchema, idSchema, targetIdSchema, kindSchema, languageSchema, summarySchema, tagIdsSchema, text, titleSchema, topicIdsSchema, urlSchema } from './validation';
import { requireCommunityRole, requireCurator, requireEditor, requireResource } from './visibility';
import {
  assertTags,
  assertTopics,
  claimUpload,
  currentLinks,
  lockResource,
  publishChanged,
  publishFeatured,
  recordRevision,
  refreshSearch,
  releaseFile,
  replaceTags,
  replaceTopics,
} from './writes';

const details = {
  title: titleSchema,
  summary: summarySchema.nullish(),
  kind: kindSchema,
  audience: audienceSchema,
  topicIds: topicIdsSchema.nullish(),
  tagIds: tagIdsSchema.nullish(),
  language: languageSchema.nullish(),
  sourceName: text.optional(200, 'Source'),
  publishedOn: dateSchema.nullish(),
  licence: text.optional(500, 'Licence'),
  url: urlSchema.nullish(),
  uploadId: idSchema.nullish(),
};

const createInput = z.object({ communityId: targetIdSchema.nullish(), networkId: targetIdSchema.nullish(), ...details });

const updateInput = z.object({
  id: targetIdSchema,
  expectedRevision: z.number().int().min(1).nullish(),
  ...details,
  title: titleSchema.nullish(),
  kind: kindSchema.nullish(),
  audience: audienceSchema.nullish(),
});

const moveInput = z.object({ id: targetIdSchema, communityId: idSchema.nullish() });

/** Where a new resource goes, decided from the viewer's live rights. */
interface Placement {
  networkId: string;
  communityId: string | null;
  /** Whether the contributor may publish without curation. */
  curator: boolean;
}

/** Adding, editing, moving and deleting resources, each in one transaction with its revision and events. */
export class Contributions {
  constructor(
    private readonly deps: Deps,
    private readonly read: ReadModel,
  ) {}

  async create(access: Access, raw: unknown): Promise<ResourceEntity> {
    const memberId = access.requireMember();
    const input = parseInput(createInput, raw);
    if (Boolean(input.url) === Boolean(input.uploadId)) throw errors.badInput('input.url', 'Give either a link (url) or an uploaded document (uploadId).');
    const placement = await this.place(access, input.communityId ?? null, input.networkId ?? null);
    const topicIds = input.topicIds ?? [];
    const tagIds = input.tagIds ?? [];
    const id = await this.deps.runtime.transaction(async (manager) => {
      await assertTopics(manager, placement.networkId, topicIds, [], 'input.topicIds');
      await assertTags(manager, placement.communityId, tagIds, [], 'input.tagIds');
      const file = input.uploadId ? await claimUpload(manager, input.uploadId, memberId, placement, 'input.uploadId') : null;
      const curated = placement.communityId
        ? Boolean(((await manager.query('SELECT curated FROM library_settings WHERE community_id = $1', [placement.communityId])) as { curated: boolean }[])[0]?.curated)
        : false;
      const status = curated && !placement.curator ? 'PENDING_REVIEW' : 'PUBLISHED';
      const [row] = (await manager.query(
        `INSERT INTO resources (network_id, community_id, submitted_community_id, contributor_id, title, summary, kind, audience, language, source_name, published_on, licence, url, file_id, status, search_vector, created_at, updated_at)
         VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, ''::tsvector, $15, $15)
         RETURNING id, created_at`,
        [
          placement.networkId,
          placement.communityId,
          memberId,
          input.title,
          input.summary ?? '',
          input.kind,
          input.audience,
          input.language ?? 'en',
          input.sourceName ?? null,
          input.publishedOn ?? null,
          input.licence ?? null,
          input.url ?? null,
          file?.id ?? null,
          status,
          // The service's time, not the database's, so a contribution under a moved clock is dated by it.
          clockOf(manager).now(),
        ],
      )) as { id: string; created_at: Date }[];
      const resource = { id: row!.id, networkId: placement.networkId, communityId: placement.communityId };
      await replaceTopics(manager, resource, topicIds);
      await replaceTags(manager, resource, tagIds);
      await refreshSearch(manager, { resourceId: resource.id });
      await recordRevision(manager, resource.id, 'CREATED', memberId);
      await publishChanged(manager, resource, 'CREATED');
      await publish(
        manager,
        resourcesContracts.ResourceContributed,
        { resourceId: resource.id, memberId, networkId: placement.networkId, communityId: placement.communityId, occurredAt: row!.created_at.toISOString(), kind: input.kind },
        { occurredAt: row!.created_at },
      );
      return resource.id;
    });
    return this.reload(id);
  }

  async update(access: Access, raw: unknown): Promise<ResourceEntity> {
    const input = parseInput(updateInput, raw);
    const existing = await requireResource(this.read, access, input.id);
    await requireEditor(access, existing);
    const actorId = access.viewer.memberId!;
    if (input.url && existing.url === null) throw errors.badInput('input.url', 'This resource is a document: replace it with an upload instead.');
    if (input.uploadId && existing.fileId === null) throw errors.badInput('input.uploadId', 'This resource is a link: change its url instead.');
    await this.deps.runtime.transaction(async (manager) => {
      const resource = await lockResource(manager, this.read, input.id);
      if (resource.communityId !== existing.communityId) throw errors.conflict('INVALID_STATE', 'The resource moved meanwhile; reload it and try again.');
      if (input.expectedRevision != null && input.expectedRevision !== resource.revision) {
        throw errors.conflict('INVALID_STATE', `Someone changed this resource meanwhile (revision ${resource.revision}); reload it and try again.`, 'input.expectedRevision');
      }
      const current = await currentLinks(manager, resource.id);
      if (input.topicIds) await assertTopics(manager, resource.networkId, input.topicIds, current.topicIds, 'input.topicIds');
      if (input.tagIds) await assertTags(manager, resource.communityId, input.tagIds, current.tagIds, 'input.tagIds');
      const patch: Record<string, unknown> = {};
      const set = <K extends string>(column: K, value: unknown) => value !== undefined && (patch[column] = value);
      set('title', input.title ?? undefined);
      set('summary', input.summary === null ? '' : input.summary);
      set('kind', input.kind ?? undefined);
      set('audience', input.audience ?? undefined);
      set('language', input.language ?? undefined);
      set('source_name', input.sourceName);
      set('published_on', input.publishedOn);
      set('licence', input.licence);
      set('url', input.url ?? undefined);
      if (input.uploadId) {
        const file = await claimUpload(manager, input.uploadId, actorId, resource, 'input.uploadId');
        patch.file_id = file.id;
      }
      // A rejected submission, edited by its contributor, asks for curation again.
      const resubmitted = resource.status === 'REJECTED' && resource.contributorId === actorId;
      if (resubmitted) Object.assign(patch, { status: 'PENDING_REVIEW', review_reason: null, reviewed_by: null, reviewed_at: null });
      if (patch.url !== undefined && patch.url !== resource.url) Object.assign(patch, { link_status: 'UNCHECKED', link_http_status: null, link_problem: null, link_final_url: null, link_checked_at: null });
      const columns = Object.keys(patch);
      await manager.query(
        `UPDATE resources SET ${[...columns.map((column, index) => `${column} = $${index + 2}`), 'revision = revision + 1', 'updated_at = now()'].join(', ')} WHERE id = $1`,
        [resource.id, ...columns.map((column) => patch[column])],
      );
      if (input.topicIds) await replaceTopics(manager, resource, input.topicIds);
      if (input.tagIds) await replaceTags(manager, resource, input.tagIds);
      await refreshSearch(manager, { resourceId: resource.id });
      if (input.uploadId && resource.fileId) await releaseFile(manager, this.deps.runtime.jobs, resource.fileId);
      await recordRevision(manager, resource.id, 'EDITED', actorId);
      await publishChanged(manager, resource, 'UPDATED');
    });
    return this.reload(input.id);
  }

  async move(access: Access, raw: unknown): Promise<ResourceEntity> {
    const input = parseInput(moveInput, raw);
    const existing = await requireResource(this.read, access, input.id);
    await requireCurator(access, existing);
    const target = input.communityId ?? null;
    if (target === existing.communityId) return existing;
    if (target === null) {
      await access.requireNetworkAdmin(existing.networkId);
      if (existing.status !== 'PUBLISHED') throw errors.conflict('INVALID_STATE', 'Approve the resource before sharing it network-wide.');
    } else {
      const rights = await requireCommunityRole(access, target, 'moderate');
      if (rights.networkId !== existing.networkId) throw errors.badInput('input.communityId', 'Resources move only between communities of the same network.');
    }
    await this.deps.runtime.transaction(async (manager) => {
      const resource = await lockResource(manager, this.read, input.id);
      if (resource.communityId !== existing.communityId) throw errors.conflict('INVALID_STATE', 'The resource moved meanwhile; reload it and try again.');
      // Tags, features, collections and event links belong to the community it leaves.
      await manager.query('DELETE FROM resource_tags WHERE resource_id = $1', [resource.id]);
      if (target !== null) {
        await manager.query(`DELETE FROM resource_collection_items i USING resource_collections c WHERE c.id = i.collection_id AND i.resource_id = $1 AND c.community_id <> $2`, [resource.id, target]);
        await manager.query(`DELETE FROM resource_event_links l USING event_refs e WHERE e.event_id = l.event_id AND l.resource_id = $1 AND e.community_id <> $2`, [resource.id, target]);
      }
      await manager.query(`UPDATE resources SET community_id = $2, featured_at = NULL, revision = revision + 1, updated_at = now() WHERE id = $1`, [resource.id, target]);
      await refreshSearch(manager, { resourceId: resource.id });
      await recordRevision(manager, resource.id, 'MOVED', access.viewer.memberId);
      await publishChanged(manager, { ...resource, communityId: target }, 'MOVED');
      if (resource.featuredAt !== null) await publishFeatured(manager, resource, false);
    });
    return this.reload(input.id);
  }

  async delete(access: Access, raw: { resourceId: unknown }): Promise<string> {
    const { resourceId } = parseInput(z.object({ resourceId: targetIdSchema }), raw);
    const existing = await requireResource(this.read, access, resourceId);
    await requireEditor(access, existing);
    await this.deps.runtime.transaction(async (manager) => {
      const resource = await lockResource(manager, this.read, resourceId);
      await manager.query('DELETE FROM resource_collection_items WHERE resource_id = $1', [resource.id]);
      await manager.query(
        `UPDATE resources SET deleted_at = now(), deleted_by = $2, featured_at = NULL, revision = revision + 1, updated_at = now() WHERE id = $1`,
        [resource.id, access.viewer.memberId],
      );
      if (resource.fileId) await releaseFile(manager, this.deps.runtime.jobs, resource.fileId);
      await recordRevision(manager, resource.id, 'DELETED', access.viewer.memberId);
      await publishChanged(manager, resource, 'DELETED');
      if (resource.featuredAt !== null) await publishFeatured(manager, resource, false);
    });
    return resourceId;
  }

  private async place(access: Access, communityId: string | null, networkId: string | null): Promise<Placement> {
    if (communityId) {
      const rights = await access.requireParticipate(communityId);
      if (networkId && networkId !== rights.networkId) throw errors.badInput('input.networkId', 'The community belongs to another network.');
      return { networkId: rights.networkId, communityId, curator: rights.canModerate };
    }
    if (networkId) {
      await access.requireNetworkAdmin(networkId);
      return { networkId, communityId: null, curator: true };
    }
    throw errors.badInput('input.communityId', 'Choose a community, or a network to share the resource with network-wide.');
  }

  private async reload(id: string): Promise<ResourceEntity> {
    const [resource] = await this.read.resources([id]);
    return resource!;
  }
}

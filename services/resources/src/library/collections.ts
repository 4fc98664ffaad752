import { z } from 'zod';
import { errors, parseInput, returning, type Access } from '@praxis/platform';
import type { ResourceCollectionEntity } from '../entities';
import type { Deps } from './deps';
import type { ReadModel } from './read-model';
import { idSchema, MAX_COLLECTION_ITEMS, targetIdSchema, text } from './validation';
import { requireCommunityRole } from './visibility';

const createInput = z.object({ communityId: targetIdSchema, title: text.trimmed(1, 120, 'Title'), description: text.optional(2000, 'Description') });
const updateInput = z.object({ id: targetIdSchema, title: text.trimmed(1, 120, 'Title').nullish(), description: text.optional(2000, 'Description') });
const itemsInput = z.object({
  collectionId: targetIdSchema,
  resourceIds: z
    .array(idSchema)
    .max(MAX_COLLECTION_ITEMS, `A collection holds at most ${MAX_COLLECTION_ITEMS} resources.`)
    .refine((ids) => new Set(ids).size === ids.length, 'List each resource once.'),
});

const COLUMNS = `id, community_id AS "communityId", network_id AS "networkId", title, description, created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Coordinators' ordered collections of a community's resources. */
export class Collections {
  constructor(
    private readonly deps: Deps,
    private readonly read: ReadModel,
  ) {}

  async create(access: Access, raw: unknown): Promise<ResourceCollectionEntity> {
    const input = parseInput(createInput, raw);
    const rights = await requireCommunityRole(access, input.communityId, 'coordinate');
    const [collection] = await this.deps.runtime.transaction((manager) =>
      returning<ResourceCollectionEntity>(
        manager,
        `INSERT INTO resource_collections (community_id, network_id, title, description, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
        [input.communityId, rights.networkId, input.title, input.description ?? null, access.viewer.memberId],
      ),
    );
    return collection!;
  }

  async update(access: Access, raw: unknown): Promise<ResourceCollectionEntity> {
    const input = parseInput(updateInput, raw);
    await this.requireCoordinator(access, input.id);
    const [collection] = await this.deps.runtime.transaction((manager) =>
      returning<ResourceCollectionEntity>(
        manager,
        `UPDATE resource_collections SET title = coalesce($2, title), description = CASE WHEN $3::boolean THEN $4 ELSE description END, updated_at = now()
         WHERE id = $1 RETURNING ${COLUMNS}`,
        [input.id, input.title ?? null, input.description !== undefined, input.description ?? null],
      ),
    );
    return collection!;
  }

  async delete(access: Access, raw: { collectionId: unknown }): Promise<string> {
    const { collectionId } = parseInput(z.object({ collectionId: targetIdSchema }), raw);
    await this.requireCoordinator(access, collectionId);
    await this.deps.runtime.transaction((manager) => manager.query('DELETE FROM resource_collections WHERE id = $1', [collectionId]));
    return collectionId;
  }

  /**
   * Replaces the items, in order. Each must be a published resource of the collection's
   * community or one shared network-wide in its network; the first that is not is named.
   */
  async setItems(access: Access, raw: unknown): Promise<ResourceCollectionEntity> {
    const input = parseInput(itemsInput, raw);
    const collection = await this.requireCoordinator(access, input.collectionId);
    const [updated] = await this.deps.runtime.transaction(async (manager) => {
      // Concurrent replacements of one collection queue up rather than interleave.
      await manager.query('SELECT 1 FROM resource_collections WHERE id = $1 FOR UPDATE', [collection.id]);
      const eligible: { id: string }[] = await manager.query(
        `SELECT id FROM resources WHERE id = ANY($1::uuid[]) AND status = 'PUBLISHED' AND deleted_at IS NULL
           AND (community_id = $2 OR (community_id IS NULL AND network_id = $3))`,
        [input.resourceIds, collection.communityId, collection.networkId],
      );
      const ok = new Set(eligible.map((row) => row.id));
      input.resourceIds.forEach((id, index) => {
        if (!ok.has(id)) throw errors.badInput(`input.resourceIds.${index}`, "Choose published resources of this community's library.");
      });
      await manager.query('DELETE FROM resource_collection_items WHERE collection_id = $1', [collection.id]);
      if (input.resourceIds.length > 0) {
        await manager.query(
          `INSERT INTO resource_collection_items (collection_id, resource_id, position)
           SELECT $1, t.id, t.ord FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, ord)`,
          [collection.id, input.resourceIds],
        );
      }
      return returning<ResourceCollectionEntity>(manager, `UPDATE resource_collections SET updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`, [collection.id]);
    });
    return updated!;
  }

  private async requireCoordinator(access: Access, collectionId: string): Promise<ResourceCollectionEntity> {
    access.requireMember();
    const [collection] = await this.read.collections([collectionId]);
    if (!collection) throw errors.notFound('Collection');
    await access.requireVisible(collection.communityId, 'Collection');
    await requireCommunityRole(access, collection.communityId, 'coordinate');
    return collection;
  }
}

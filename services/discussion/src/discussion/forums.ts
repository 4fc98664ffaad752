import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { errors, isUniqueViolation, parseInput, returning, selectColumns, type Access } from '@praxis/platform';
import { ForumEntity } from '../entities';
import type { Deps } from './deps';
import type { Guard } from './guard';
import { forumNameSchema, isUuid, LIMITS, optionalDescription } from './validation';

const createInput = z.object({ communityId: z.string(), name: forumNameSchema, description: optionalDescription });
const updateInput = z.object({ forumId: z.string(), name: forumNameSchema.nullish(), description: optionalDescription });
const reorderInput = z.object({
  communityId: z.string(),
  forumIds: z.array(z.string()).min(1, 'List every forum of the community.').max(LIMITS.forumsPerReorder, `At most ${LIMITS.forumsPerReorder} forums.`),
});
const archiveInput = z.object({ forumId: z.string(), archived: z.boolean() });

const DUPLICATE_NAME = 'This community has a forum with that name already.';

/** Coordinators shape where conversations happen: creating, renaming, ordering and archiving forums. */
export class Forums {
  constructor(
    private readonly deps: Deps,
    private readonly guard: Guard,
  ) {}

  async create(access: Access, raw: unknown): Promise<ForumEntity> {
    const input = parseInput(createInput, raw);
    const actorId = access.requireMember();
    if (!isUuid(input.communityId)) throw errors.notFound('Community');
    const rights = await access.requireCoordinate(input.communityId);
    try {
      return await this.deps.runtime.transaction(async (manager) => {
        const rows: ForumEntity[] = await returning(manager, 
          `INSERT INTO forums (community_id, network_id, kind, name, description, position, created_by)
           VALUES ($1, $2, 'FORUM', $3, $4, (SELECT coalesce(max(position) + 1, 0) FROM forums WHERE community_id = $1 AND kind = 'FORUM'), $5)
           RETURNING ${selectColumns(manager.connection, ForumEntity, 'forums')}`,
          [input.communityId, rights.networkId, input.name, input.description ?? null, actorId],
        );
        return rows[0]!;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'forums_name_key')) throw errors.conflict('DUPLICATE', DUPLICATE_NAME, 'input.name');
      throw error;
    }
  }

  async update(access: Access, raw: unknown): Promise<ForumEntity> {
    const input = parseInput(updateInput, raw);
    access.requireMember();
    const forum = await this.managed(access, input.forumId);
    await access.requireCoordinate(forum.communityId);
    try {
      return await this.deps.runtime.transaction(async (manager) => {
        const rows: ForumEntity[] = await returning(manager, 
          `UPDATE forums SET name = coalesce($2, name), description = CASE WHEN $3 THEN $4 ELSE description END, updated_at = now()
           WHERE id = $1 RETURNING ${selectColumns(manager.connection, ForumEntity, 'forums')}`,
          [forum.id, input.name ?? null, input.description !== undefined, input.description ?? null],
        );
        return rows[0]!;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'forums_name_key')) throw errors.conflict('DUPLICATE', DUPLICATE_NAME, 'input.name');
      throw error;
    }
  }

  async reorder(access: Access, raw: unknown): Promise<ForumEntity[]> {
    const input = parseInput(reorderInput, raw);
    access.requireMember();
    if (!isUuid(input.communityId)) throw errors.notFound('Community');
    await access.requireCoordinate(input.communityId);
    return this.deps.runtime.transaction(async (manager) => {
      const current: { id: string }[] = await manager.query(`SELECT id FROM forums WHERE community_id = $1 AND kind = 'FORUM' ORDER BY id FOR UPDATE`, [input.communityId]);
      const given = new Set(input.forumIds);
      if (given.size !== input.forumIds.length || given.size !== current.length || current.some((row) => !given.has(row.id))) {
        throw errors.badInput('input.forumIds', 'List every forum of the community exactly once.');
      }
      await manager.query(
        `UPDATE forums f SET position = o.position - 1, updated_at = now()
         FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, position) WHERE f.id = o.id`,
        [input.forumIds],
      );
      return manager.query(`SELECT ${selectColumns(manager.connection, ForumEntity, 'f')} FROM forums f WHERE f.community_id = $1 AND f.kind = 'FORUM' ORDER BY f.position, f.id`, [input.communityId]);
    });
  }

  async setArchived(access: Access, raw: unknown): Promise<ForumEntity> {
    const input = parseInput(archiveInput, raw);
    access.requireMember();
    const forum = await this.managed(access, input.forumId);
    await access.requireCoordinate(forum.communityId);
    return this.deps.runtime.transaction(async (manager) => {
      const rows: ForumEntity[] = await returning(manager, 
        `UPDATE forums SET archived_at = CASE WHEN $2 THEN coalesce(archived_at, now()) END, updated_at = now()
         WHERE id = $1 RETURNING ${selectColumns(manager.connection, ForumEntity, 'forums')}`,
        [forum.id, input.archived],
      );
      return rows[0]!;
    });
  }

  /** The community's hidden forum for comment threads, made on first use. */
  async commentsForum(manager: EntityManager, communityId: string, networkId: string): Promise<ForumEntity> {
    await manager.query(
      `INSERT INTO forums (community_id, network_id, kind, name, description, position) VALUES ($1, $2, 'COMMENTS', 'Comments', 'Comments on resources and events.', 0)
       ON CONFLICT (community_id) WHERE kind = 'COMMENTS' DO NOTHING`,
      [communityId, networkId],
    );
    const rows: ForumEntity[] = await manager.query(`SELECT ${selectColumns(manager.connection, ForumEntity, 'f')} FROM forums f WHERE f.community_id = $1 AND f.kind = 'COMMENTS'`, [communityId]);
    return rows[0]!;
  }

  /** A forum coordinators manage; the comments forum is the system's, not theirs. */
  private async managed(access: Access, forumId: string): Promise<ForumEntity> {
    const forum = await this.guard.forum(access, forumId);
    if (forum.kind !== 'FORUM') throw errors.notFound('Forum');
    return forum;
  }
}

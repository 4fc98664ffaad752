import type { EntityManager } from 'typeorm';
import { errors, publish, resourcesContracts, returning, type JobQueue } from '@praxis/platform';
import type { ResourceEntity, ResourceFileEntity, RevisionChange } from '../entities';
import type { ReadModel } from './read-model';

export const DELETE_FILE_JOB = 'resources.delete-file';

/**
 * The full-text document of a resource: its title weighs most, then its tags' labels, then its
 * summary. Kept in a column, refreshed by every write that changes one of them.
 */
const SEARCH_VECTOR = `setweight(to_tsvector('english', r.title), 'A')
  || setweight(to_tsvector('english', coalesce((SELECT string_agg(t.label, ' ') FROM resource_tags rg JOIN library_tags t ON t.id = rg.tag_id WHERE rg.resource_id = r.id), '')), 'B')
  || setweight(to_tsvector('english', r.summary), 'C')`;

export async function refreshSearch(manager: EntityManager, where: { resourceId: string } | { tagId: string }): Promise<void> {
  if ('resourceId' in where) {
    await manager.query(`UPDATE resources r SET search_vector = ${SEARCH_VECTOR} WHERE r.id = $1`, [where.resourceId]);
  } else {
    await manager.query(`UPDATE resources r SET search_vector = ${SEARCH_VECTOR} WHERE r.id IN (SELECT resource_id FROM resource_tags WHERE tag_id = $1)`, [where.tagId]);
  }
}

/** The resource row, locked for the rest of the transaction; NOT_FOUND if it went meanwhile. */
export async function lockResource(manager: EntityManager, read: ReadModel, id: string): Promise<ResourceEntity> {
  const rows: ResourceEntity[] = await manager.query(`SELECT ${read.resourceSelect()} FROM resources r WHERE r.id = $1 AND r.deleted_at IS NULL FOR UPDATE`, [id]);
  if (!rows[0]) throw errors.notFound('Resource');
  return rows[0];
}

/**
 * Adds the revision for the change just made, numbered by the resource's revision counter,
 * with a snapshot of the resource as it now is.
 */
export async function recordRevision(manager: EntityManager, resourceId: string, change: RevisionChange, actorId: string | null, note: string | null = null): Promise<void> {
  await manager.query(
    `INSERT INTO resource_revisions (resource_id, revision, change, actor_id, note, snapshot)
     SELECT r.id, r.revision, $2, $3, $4, jsonb_build_object(
       'title', r.title, 'summary', r.summary, 'kind', r.kind, 'audience', r.audience, 'url', r.url,
       'fileName', f.file_name, 'communityId', r.community_id, 'status', r.status, 'language', r.language,
       'sourceName', r.source_name, 'publishedOn', r.published_on::text, 'licence', r.licence,
       'topicIds', coalesce((SELECT jsonb_agg(topic_id ORDER BY topic_id) FROM resource_topics WHERE resource_id = r.id), '[]'::jsonb),
       'tagIds', coalesce((SELECT jsonb_agg(tag_id ORDER BY tag_id) FROM resource_tags WHERE resource_id = r.id), '[]'::jsonb))
     FROM resources r LEFT JOIN resource_files f ON f.id = r.file_id WHERE r.id = $1`,
    [resourceId, change, actorId, note],
  );
}

export async function publishChanged(manager: EntityManager, resource: Pick<ResourceEntity, 'id' | 'networkId' | 'communityId'>, change: 'CREATED' | 'UPDATED' | 'MOVED' | 'DELETED'): Promise<void> {
  await publish(manager, resourcesContracts.ResourceChanged, { resourceId: resource.id, networkId: resource.networkId, communityId: resource.communityId, change });
}

/** Called only when the flag changed, so a repeated request announces nothing. */
export async function publishFeatured(manager: EntityManager, resource: Pick<ResourceEntity, 'id' | 'networkId' | 'communityId' | 'title'>, featured: boolean): Promise<void> {
  await publish(manager, resourcesContracts.ResourceFeatured, { resourceId: resource.id, networkId: resource.networkId, communityId: resource.communityId, featured, title: resource.title });
}

/**
 * Topics must be live terms of the network's TOPIC vocabulary, as membership last told us.
 * Ones already on the resource may stay when archived since; they cannot be newly chosen.
 */
export async function assertTopics(manager: EntityManager, networkId: string, ids: string[], current: string[], field: string): Promise<void> {
  if (ids.length === 0) return;
  const rows: { id: string; network_id: string; archived: boolean }[] = await manager.query('SELECT id, network_id, archived FROM topic_terms WHERE id = ANY($1::uuid[])', [ids]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  ids.forEach((id, index) => {
    const term = byId.get(id);
    if (!term || term.network_id !== networkId || (term.archived && !current.includes(id))) {
      throw errors.badInput(`${field}.${index}`, "Choose a topic from this network's list.");
    }
  });
}

/** Tags must be on the community's own list; archived ones may stay but not be newly chosen. */
export async function assertTags(manager: EntityManager, communityId: string | null, ids: string[], current: string[], field: string): Promise<void> {
  if (ids.length === 0) return;
  if (communityId === null) throw errors.badInput(field, 'Resources shared network-wide have no tags: tags belong to a community.');
  const rows: { id: string; community_id: string; archived: boolean }[] = await manager.query(
    'SELECT id, community_id, archived_at IS NOT NULL AS archived FROM library_tags WHERE id = ANY($1::uuid[])',
    [ids],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  ids.forEach((id, index) => {
    const tag = byId.get(id);
    if (!tag || tag.community_id !== communityId || (tag.archived && !current.includes(id))) {
      throw errors.badInput(`${field}.${index}`, "Choose a tag from this community's list.");
    }
  });
}

export async function replaceTopics(manager: EntityManager, resource: Pick<ResourceEntity, 'id' | 'networkId'>, ids: string[]): Promise<void> {
  await manager.query('DELETE FROM resource_topics WHERE resource_id = $1', [resource.id]);
  if (ids.length === 0) return;
  await manager.query('INSERT INTO resource_topics (resource_id, topic_id, network_id) SELECT $1, unnest($2::uuid[]), $3', [resource.id, ids, resource.networkId]);
}

export async function replaceTags(manager: EntityManager, resource: Pick<ResourceEntity, 'id' | 'communityId'>, ids: string[]): Promise<void> {
  await manager.query('DELETE FROM resource_tags WHERE resource_id = $1', [resource.id]);
  if (ids.length === 0 || resource.communityId === null) return;
  await manager.query('INSERT INTO resource_tags (resource_id, tag_id, community_id) SELECT $1, unnest($2::uuid[]), $3', [resource.id, ids, resource.communityId]);
}

export async function currentLinks(manager: EntityManager, resourceId: string): Promise<{ topicIds: string[]; tagIds: string[] }> {
  const [row] = (await manager.query(
    `SELECT coalesce((SELECT array_agg(topic_id) FROM resource_topics WHERE resource_id = $1), '{}') AS "topicIds",
            coalesce((SELECT array_agg(tag_id) FROM resource_tags WHERE resource_id = $1), '{}') AS "tagIds"`,
    [resourceId],
  )) as { topicIds: string[]; tagIds: string[] }[];
  return row!;
}

/**
 * Claims a stored upload for a resource in the same transaction. Only the viewer's own
 * upload, stored and checked, for the same library, not yet attached elsewhere.
 */
export async function claimUpload(manager: EntityManager, uploadId: string, uploaderId: string, scope: { networkId: string; communityId: string | null }, field: string): Promise<ResourceFileEntity> {
  const rows: ResourceFileEntity[] = await manager.query(
    `SELECT id, uploader_id AS "uploaderId", network_id AS "networkId", community_id AS "communityId", status, file_name AS "fileName"
     FROM resource_files WHERE id = $1 FOR UPDATE`,
    [uploadId],
  );
  const file = rows[0];
  if (!file || file.uploaderId !== uploaderId || file.status === 'DELETED') throw errors.badInput(field, 'No such upload.');
  if (file.networkId !== scope.networkId || file.communityId !== scope.communityId) throw errors.badInput(field, 'This upload was made for another library.');
  if (file.status === 'ATTACHED') throw errors.badInput(field, 'This upload belongs to another resource already.');
  if (file.status !== 'STORED') throw errors.badInput(field, 'The file has not been uploaded yet: PUT its bytes to the upload URL first.');
  await manager.query(`UPDATE resource_files SET status = 'ATTACHED' WHERE id = $1`, [uploadId]);
  return file;
}

/**
 * Marks a file deleted and schedules its bytes for removal in the same transaction, so the
 * bytes go if and only if the change commits; the job retries until storage confirms.
 */
export async function releaseFile(manager: EntityManager, jobs: JobQueue, fileId: string): Promise<void> {
  const rows = await returning<{ storage_key: string }>(manager, `UPDATE resource_files SET status = 'DELETED' WHERE id = $1 RETURNING storage_key`, [fileId]);
  if (rows[0]) await jobs.send(DELETE_FILE_JOB, { key: rows[0].storage_key }, { manager });
}

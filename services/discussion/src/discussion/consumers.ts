import type { EntityManager } from 'typeorm';
import { defineConsumer, discussionContracts, eventsContracts, membershipContracts, on, publish, resourcesContracts, type ConsumerDefinition, type EventPayload } from '@praxis/platform';
import type { SubjectType } from '../entities';
import type { Forums } from './forums';

type ResourceChanged = EventPayload<typeof resourcesContracts.ResourceChanged>;
type EventChanged = EventPayload<typeof eventsContracts.EventChanged>;

/**
 * Which community owns each resource and event, from their owners' lifecycle events. When one
 * moves to another community its comment thread follows, so the thread's readers and
 * moderators stay those of the owner's community.
 */
export function subjectsConsumer(forums: Forums): ConsumerDefinition {
  const record = async (manager: EntityManager, subject: Subject) => {
    await manager.query(
      `INSERT INTO subjects (type, id, network_id, community_id, deleted, updated_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (type, id) DO UPDATE SET network_id = EXCLUDED.network_id, community_id = EXCLUDED.community_id,
         deleted = EXCLUDED.deleted, updated_at = now()`,
      [subject.type, subject.id, subject.networkId, subject.communityId, subject.deleted],
    );
    if (subject.communityId) await followOwner(manager, forums, subject as Subject & { communityId: string });
  };
  return defineConsumer(
    'discussion-subjects',
    on(resourcesContracts.ResourceChanged, ({ payload }, manager) => record(manager, fromResource(payload))),
    on(eventsContracts.EventChanged, ({ payload }, manager) => record(manager, fromEvent(payload))),
  );
}

type Subject = ReturnType<typeof fromResource>;

function fromResource(payload: ResourceChanged) {
  return { type: 'RESOURCE' as SubjectType, id: payload.resourceId, networkId: payload.networkId, communityId: payload.communityId, deleted: payload.change === 'DELETED' };
}

function fromEvent(payload: EventChanged) {
  return { type: 'EVENT' as SubjectType, id: payload.eventId, networkId: payload.networkId, communityId: payload.communityId, deleted: payload.change === 'DELETED' };
}

async function followOwner(manager: EntityManager, forums: Forums, subject: { type: SubjectType; id: string; networkId: string; communityId: string }): Promise<void> {
  const threads: { id: string; community_id: string; title: string | null }[] = await manager.query('SELECT id, community_id, title FROM threads WHERE subject_type = $1 AND subject_id = $2 FOR NO KEY UPDATE', [subject.type, subject.id]);
  const thread = threads[0];
  if (!thread || thread.community_id === subject.communityId) return;
  const forum = await forums.commentsForum(manager, subject.communityId, subject.networkId);
  await manager.query('UPDATE threads SET forum_id = $2, community_id = $3, network_id = $4 WHERE id = $1', [thread.id, forum.id, subject.communityId, subject.networkId]);
  await manager.query('UPDATE posts SET community_id = $2, network_id = $3 WHERE thread_id = $1', [thread.id, subject.communityId, subject.networkId]);
  const ofThread = 'post_id IN (SELECT id FROM posts WHERE thread_id = $1)';
  for (const [table, scope] of [['reactions', ofThread], ['reports', ofThread], ['post_mentions', ofThread], ['thread_views', 'thread_id = $1'], ['thread_follows', 'thread_id = $1']]) {
    await manager.query(`UPDATE ${table} SET community_id = $2 WHERE ${scope}`, [thread.id, subject.communityId]);
  }
  await manager.query(`UPDATE reactions_given SET community_id = $2, network_id = $3 WHERE ${ofThread}`, [thread.id, subject.communityId, subject.networkId]);
  await publish(manager, discussionContracts.ThreadChanged, { threadId: thread.id, forumId: forum.id, networkId: subject.networkId, communityId: subject.communityId, change: 'MOVED', title: thread.title ?? undefined });
}

/** Each network's time zone, so a view counts for the day it is in that network. */
export const networksConsumer: ConsumerDefinition = defineConsumer(
  'discussion-networks',
  on(membershipContracts.NetworkChanged, async ({ payload }, manager) => {
    await manager.query(
      'INSERT INTO networks (id, time_zone) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET time_zone = EXCLUDED.time_zone',
      [payload.networkId, payload.timeZone],
    );
  }),
);

/**
 * Account deletion. The member's posts stay, and show "Former member" because membership keeps
 * the id as a tombstone. What would still say something about the person goes: follows, read
 * positions, earlier versions of their posts, the keys their client made, and their name on
 * reports. Reactions and views keep counting but are tied to a random id instead, so counts
 * stay right and no row points at the former member. Running it twice finds nothing to do.
 * The ledger of reactions given keeps the id, as posts keep their author's: participation
 * reports break it down by the attributes the member had then (docs/adr/0005), and the id no
 * longer leads to a person.
 */
export const erasureConsumer: ConsumerDefinition = defineConsumer(
  'discussion-erasure',
  on(membershipContracts.AccountDeleted, async ({ payload: { memberId } }, manager) => {
    await manager.query('DELETE FROM thread_follows WHERE member_id = $1', [memberId]);
    await manager.query('DELETE FROM forum_follows WHERE member_id = $1', [memberId]);
    await manager.query('DELETE FROM thread_reads WHERE member_id = $1', [memberId]);
    await manager.query('DELETE FROM forum_reads WHERE member_id = $1', [memberId]);
    await manager.query('DELETE FROM post_revisions WHERE post_id IN (SELECT id FROM posts WHERE author_id = $1)', [memberId]);
    await manager.query('UPDATE posts SET idempotency_key = NULL WHERE author_id = $1 AND idempotency_key IS NOT NULL', [memberId]);
    await manager.query('UPDATE reports SET reporter_id = NULL WHERE reporter_id = $1', [memberId]);
    await manager.query('UPDATE reactions SET member_id = gen_random_uuid() WHERE member_id = $1', [memberId]);
    await manager.query('UPDATE thread_views SET member_id = gen_random_uuid() WHERE member_id = $1', [memberId]);
  }),
);

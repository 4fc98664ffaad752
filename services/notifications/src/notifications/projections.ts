import type { EntityManager } from 'typeorm';
import type { discussionContracts, eventsContracts, EventPayload, membershipContracts, resourcesContracts } from '@praxis/platform';

type P<D> = EventPayload<D>;

/**
 * What notifications keeps from other services' events, so it can find recipients and name
 * things without reading their tables. Every write is an upsert or a "where not already", so
 * applying an event twice changes nothing.
 */
export const projections = {
  async network(manager: EntityManager, p: P<typeof membershipContracts.NetworkChanged>): Promise<void> {
    await manager.query(
      'INSERT INTO networks (id, name, time_zone) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, time_zone = EXCLUDED.time_zone',
      [p.networkId, p.name, p.timeZone],
    );
  },

  async community(manager: EntityManager, p: P<typeof membershipContracts.CommunityChanged>): Promise<void> {
    await manager.query(
      `INSERT INTO communities (id, network_id, name, slug) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET network_id = EXCLUDED.network_id, name = EXCLUDED.name, slug = EXCLUDED.slug`,
      [p.communityId, p.networkId, p.name, p.slug],
    );
  },

  async joined(manager: EntityManager, p: P<typeof membershipContracts.MemberJoined>, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO community_members (community_id, member_id, network_id, role, joined_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (community_id, member_id) DO UPDATE SET role = EXCLUDED.role`,
      [p.communityId, p.memberId, p.networkId, p.role, at],
    );
    await manager.query('DELETE FROM removed_members WHERE community_id = $1 AND member_id = $2', [p.communityId, p.memberId]);
  },

  async roleChanged(manager: EntityManager, p: P<typeof membershipContracts.MemberRoleChanged>): Promise<void> {
    await manager.query('UPDATE community_members SET role = $3 WHERE community_id = $1 AND member_id = $2', [p.communityId, p.memberId, p.to]);
  },

  async left(manager: EntityManager, p: P<typeof membershipContracts.MemberLeft>): Promise<void> {
    await manager.query('DELETE FROM community_members WHERE community_id = $1 AND member_id = $2', [p.communityId, p.memberId]);
    if (p.reason === 'REMOVED' || p.reason === 'BANNED') {
      await manager.query('INSERT INTO removed_members (community_id, member_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [p.communityId, p.memberId]);
    }
  },

  async thread(manager: EntityManager, p: { threadId: string; forumId: string; communityId: string; networkId: string; title?: string; authorId?: string }): Promise<void> {
    await manager.query(
      `INSERT INTO threads (id, forum_id, community_id, network_id, author_id, title) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET forum_id = EXCLUDED.forum_id, community_id = EXCLUDED.community_id, network_id = EXCLUDED.network_id,
         author_id = coalesce(EXCLUDED.author_id, threads.author_id), title = coalesce(EXCLUDED.title, threads.title)`,
      [p.threadId, p.forumId, p.communityId, p.networkId, p.authorId ?? null, p.title ?? null],
    );
  },

  async follow(manager: EntityManager, p: P<typeof discussionContracts.FollowChanged>): Promise<void> {
    const [table, column] = p.target === 'THREAD' ? ['thread_follows', 'thread_id'] : ['forum_follows', 'forum_id'];
    if (p.following) await manager.query(`INSERT INTO ${table} (${column}, member_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [p.targetId, p.memberId]);
    else await manager.query(`DELETE FROM ${table} WHERE ${column} = $1 AND member_id = $2`, [p.targetId, p.memberId]);
  },

  async moderated(manager: EntityManager, p: P<typeof discussionContracts.PostModerated>): Promise<void> {
    if (p.action === 'RESTORED') {
      await manager.query('DELETE FROM moderated_posts WHERE post_id = $1', [p.postId]);
      return;
    }
    await manager.query(
      `INSERT INTO moderated_posts (post_id, thread_id, action, opening_post) VALUES ($1, $2, $3, $4)
       ON CONFLICT (post_id) DO UPDATE SET action = EXCLUDED.action`,
      [p.postId, p.threadId, p.action, p.openingPost],
    );
  },

  async event(manager: EntityManager, p: P<typeof eventsContracts.EventChanged>): Promise<void> {
    const status = p.change === 'CANCELLED' ? 'CANCELLED' : p.change === 'DELETED' ? 'DELETED' : 'SCHEDULED';
    await manager.query(
      `INSERT INTO events (id, community_id, network_id, title, starts_at, ends_at, status) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET community_id = EXCLUDED.community_id, network_id = EXCLUDED.network_id, title = coalesce(EXCLUDED.title, events.title),
         starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, status = EXCLUDED.status`,
      [p.eventId, p.communityId, p.networkId, p.title ?? null, p.startsAt, p.endsAt, status],
    );
  },

  async registration(manager: EntityManager, eventId: string, memberId: string, status: 'REGISTERED' | 'WAITLISTED' | null): Promise<void> {
    if (status === null) await manager.query('DELETE FROM event_registrations WHERE event_id = $1 AND member_id = $2', [eventId, memberId]);
    else {
      await manager.query(
        'INSERT INTO event_registrations (event_id, member_id, status) VALUES ($1, $2, $3) ON CONFLICT (event_id, member_id) DO UPDATE SET status = EXCLUDED.status',
        [eventId, memberId, status],
      );
    }
  },

  async featured(manager: EntityManager, p: P<typeof resourcesContracts.ResourceFeatured>, at: Date): Promise<void> {
    if (!p.featured) {
      await manager.query('DELETE FROM featured_resources WHERE resource_id = $1', [p.resourceId]);
      return;
    }
    await manager.query(
      `INSERT INTO featured_resources (resource_id, network_id, community_id, title, featured_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (resource_id) DO UPDATE SET network_id = EXCLUDED.network_id, community_id = EXCLUDED.community_id, title = EXCLUDED.title`,
      [p.resourceId, p.networkId, p.communityId, p.title, at],
    );
  },
};

/** One column of a projection, by a key; null when unknown. */
export async function lookup(manager: EntityManager, sql: string, params: unknown[]): Promise<string[]> {
  const rows: { value: string }[] = await manager.query(sql, params);
  return rows.map((row) => row.value);
}

import { fetchKeysetPage, isUuid, parseInput, type Access, type HttpMemberContacts, type PageRequest, type ServiceRuntime } from '@praxis/platform';
import { z } from 'zod';
import type { NotificationData, NotificationKind, TargetType } from '../entities';
import type { FeedItem, FeedPage } from './records';
import { FORMER_MEMBER, notificationText } from './text';

/** Kinds that always have someone who did it: without one (erased), they say "Former member". */
const WITH_ACTOR = new Set<NotificationKind>(['MENTION', 'THREAD_REPLY', 'NEW_THREAD', 'JOIN_REQUEST_PENDING']);

interface Row {
  id: string;
  kind: NotificationKind;
  occurredAt: Date;
  readAt: Date | null;
  actorId: string | null;
  communityId: string | null;
  targetType: TargetType | null;
  targetId: string | null;
  data: NotificationData;
  communityName: string | null;
  title: string | null;
}

/**
 * What the viewer may still see of their feed, as SQL over `notifications n`, with `$2` the
 * communities they may read now. An item from a community they can no longer read is hidden
 * (a decision on their own join request excepted: it is about them), and so is one about a post
 * or thread a moderator has hidden or removed since, except the notice to its author.
 */
const VISIBLE = [
  'n.recipient_id = $1',
  "(n.community_id IS NULL OR n.kind = 'JOIN_REQUEST_DECIDED' OR n.community_id = ANY($2::uuid[]))",
  `(n.kind = 'POST_MODERATED' OR (
     NOT EXISTS (SELECT 1 FROM moderated_posts mp WHERE mp.post_id = n.post_id)
     AND NOT EXISTS (SELECT 1 FROM moderated_posts mt WHERE n.target_type = 'THREAD' AND mt.thread_id = n.target_id AND mt.opening_post)))`,
];

const markInput = z
  .object({
    ids: z.array(z.string()).max(100, 'At most 100 notifications at a time.').nullish(),
    all: z.boolean().nullish(),
  })
  .refine((input) => (input.ids != null) !== (input.all === true), { message: 'Give either ids or all: true.', path: ['ids'] });

/** The viewer's feed: newest first, its text rendered now, what they may no longer read left out. */
export class Feed {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly contacts: HttpMemberContacts,
  ) {}

  /**
   * One page: one question to membership for what the viewer may read, two statements (the page
   * and the unread count), and one for the actors' names, whatever the page's size.
   */
  async page(access: Access, page: PageRequest, unreadOnly: boolean): Promise<FeedPage> {
    const memberId = access.requireMember();
    const readable = await access.readableCommunityIds();
    const connection = await fetchKeysetPage<Row>(
      (sql, params) => this.runtime.db.query(sql, params),
      {
        select: `n.id, n.kind, n.occurred_at AS "occurredAt", n.read_at AS "readAt", n.actor_id AS "actorId", n.community_id AS "communityId",
          n.target_type AS "targetType", n.target_id AS "targetId", n.data, c.name AS "communityName",
          coalesce(t.title, e.title, n.data ->> 'title') AS title`,
        from: `notifications n
          LEFT JOIN communities c ON c.id = n.community_id
          LEFT JOIN threads t ON n.target_type = 'THREAD' AND t.id = n.target_id
          LEFT JOIN events e ON n.target_type = 'EVENT' AND e.id = n.target_id`,
        where: [...VISIBLE, ...(unreadOnly ? ['n.read_at IS NULL'] : [])],
        params: [memberId, readable],
        keys: [
          { sql: 'n.occurred_at', direction: 'DESC', type: 'timestamp' },
          { sql: 'n.id', direction: 'DESC', type: 'uuid' },
        ],
      },
      page,
    );
    const rows = connection.nodes;
    const [names, coordinated] = await Promise.all([this.names(rows), this.coordinated(access, rows)]);
    const shown = (row: Row) => row.kind !== 'JOIN_REQUEST_PENDING' || coordinated.has(row.communityId!);
    const items = new Map(rows.filter(shown).map((row) => [row, this.item(row, names)]));
    return {
      edges: connection.edges.filter((edge) => items.has(edge.node)).map((edge) => ({ cursor: edge.cursor, node: items.get(edge.node)! })),
      nodes: [...items.values()],
      pageInfo: connection.pageInfo,
      unreadCount: await this.unreadCount(access),
    };
  }

  /** How many of the viewer's notifications that they may still see are unread: one statement, grouped so join requests can be checked. */
  async unreadCount(access: Access): Promise<number> {
    const memberId = access.requireMember();
    const readable = await access.readableCommunityIds();
    const rows: { request_community: string | null; count: number }[] = await this.runtime.db.query(
      `SELECT CASE WHEN n.kind = 'JOIN_REQUEST_PENDING' THEN n.community_id END AS request_community, count(*)::int AS count
       FROM notifications n WHERE ${VISIBLE.join(' AND ')} AND n.read_at IS NULL GROUP BY 1`,
      [memberId, readable],
    );
    const requests = rows.filter((row) => row.request_community !== null);
    const coordinated = requests.length ? await this.coordinatedOf(access, requests.map((row) => row.request_community!)) : new Set<string>();
    return rows.filter((row) => row.request_community === null || coordinated.has(row.request_community)).reduce((sum, row) => sum + row.count, 0);
  }

  /** Marks some (at most 100) or all of the viewer's notifications read; others' ids are ignored and never revealed. */
  async markRead(access: Access, input: { ids?: readonly string[] | null; all?: boolean | null }): Promise<{ updated: number; unreadCount: number }> {
    const memberId = access.requireMember();
    const { ids, all } = parseInput(markInput, input);
    const now = this.runtime.clock.now();
    const updated = await this.runtime.transaction(async (manager) => {
      const [, count] = all
        ? await manager.query('UPDATE notifications SET read_at = $2 WHERE recipient_id = $1 AND read_at IS NULL', [memberId, now])
        : await manager.query('UPDATE notifications SET read_at = $2 WHERE recipient_id = $1 AND read_at IS NULL AND id = ANY($3::uuid[])', [memberId, now, (ids ?? []).filter(isUuid)]);
      return Number(count ?? 0);
    });
    return { updated, unreadCount: await this.unreadCount(access) };
  }

  /** The actors' names, in one question to membership for the page. */
  private async names(rows: Row[]): Promise<Map<string, string | null>> {
    const ids = [...new Set(rows.map((row) => row.actorId).filter((id): id is string => id !== null))];
    const contacts = ids.length > 0 ? await this.contacts.byIds(ids) : [];
    return new Map(contacts.map((contact) => [contact.memberId, contact.deleted ? null : contact.displayName]));
  }

  /** Communities the viewer still coordinates, asked only when the page holds join requests to show. */
  private coordinated(access: Access, rows: Row[]): Promise<Set<string>> {
    const ids = rows.filter((row) => row.kind === 'JOIN_REQUEST_PENDING' && row.communityId).map((row) => row.communityId!);
    return ids.length === 0 ? Promise.resolve(new Set()) : this.coordinatedOf(access, ids);
  }

  private async coordinatedOf(access: Access, communityIds: string[]): Promise<Set<string>> {
    const ids = [...new Set(communityIds)];
    const rights = await access.communities(ids);
    return new Set(ids.filter((_id, index) => rights[index]?.canCoordinate));
  }

  private item(row: Row, names: Map<string, string | null>): FeedItem {
    const name = row.actorId ? names.get(row.actorId) : undefined;
    const actorId = row.actorId && name ? row.actorId : null;
    const actorName = actorId ? name! : row.actorId || row.data.formerActor || WITH_ACTOR.has(row.kind) ? FORMER_MEMBER : null;
    return {
      id: row.id,
      kind: row.kind,
      text: notificationText({ kind: row.kind, actorName, communityName: row.communityName, title: row.title, data: row.data }),
      target: row.targetType && row.targetId ? { type: row.targetType, id: row.targetId } : null,
      actorId,
      actorName,
      communityId: row.communityId,
      occurredAt: row.occurredAt,
      readAt: row.readAt,
    };
  }
}


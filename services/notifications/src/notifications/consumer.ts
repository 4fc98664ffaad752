import type { EntityManager } from 'typeorm';
import {
  defineConsumer,
  discussionContracts,
  eventsContracts,
  membershipContracts,
  on,
  replayingHistory,
  seedBegun,
  resourcesContracts,
  type ConsumerDefinition,
  type EventEnvelope,
  type HttpMemberContacts,
  type ServiceRuntime,
} from '@praxis/platform';
import type { NotificationData, NotificationKind, TargetType } from '../entities';
import type { Delivery, NotificationsConfig } from './delivery/types';
import { eraseMember } from './erasure';
import { DEFAULT_CHANNELS } from './kinds';
import { lookup, projections } from './projections';

export const CONSUMER_NAME = 'notifications';

export interface ConsumerDeps {
  runtime: ServiceRuntime;
  config: NotificationsConfig;
  contacts: HttpMemberContacts;
  emails: Pick<Delivery, 'enqueueEmails'>;
}

interface About {
  actorId?: string | null;
  communityId?: string | null;
  networkId?: string | null;
  target?: { type: TargetType; id: string } | null;
  postId?: string | null;
  data?: NotificationData;
}

type Lazy<T> = T | (() => Promise<T>);

const unique = (ids: (string | null | undefined)[], except?: string | null) => [...new Set(ids.filter((id): id is string => Boolean(id) && id !== except))];

/**
 * The one consumer of notifications (docs/adr/0011-notifications.md). It reads the log from the
 * beginning, so its projections are whole, but only events after the marks its first start took
 * (`notify_from`), recorded when they happened and not while a seed writes history, notify
 * anyone. Each recipient gets one notification per source event: replaying the log or
 * restarting mid-batch inserts nothing twice, and only new rows are emailed.
 */
export class NotificationsConsumer {
  // Decided once per event: deciding moves the mark past it, so asking again would answer no.
  private readonly decided = new WeakMap<EventEnvelope, Promise<boolean>>();
  /** When this process's demo seed finished, once it has. */
  private seededThrough?: Date;
  readonly definition: ConsumerDefinition;

  constructor(private readonly deps: ConsumerDeps) {
    this.definition = this.define();
  }

  /**
   * On the service's first start, notifying begins at the log's current end for each publisher:
   * nobody is told about history. Later starts find the marks and keep them.
   */
  async markStart(): Promise<void> {
    await this.markLogEnd('DO NOTHING');
  }

  private async markLogEnd(onConflict: 'DO NOTHING' | 'DO UPDATE SET seq = greatest(notify_from.seq, EXCLUDED.seq)'): Promise<void> {
    const publishers = [...new Set(this.definition.events.map((event) => event.publisher))];
    const { rows } = await this.deps.runtime.eventlog.query<{ publisher: string; seq: string }>(
      'SELECT publisher, max(seq)::text AS seq FROM eventlog.events WHERE publisher = ANY($1::text[]) GROUP BY publisher',
      [publishers],
    );
    const ends = new Map(rows.map((row) => [row.publisher, row.seq]));
    await this.deps.runtime.db.query(
      `INSERT INTO notify_from (publisher, seq) SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT (publisher) ${onConflict}`,
      [publishers, publishers.map((publisher) => ends.get(publisher) ?? '0')],
    );
  }

  /**
   * Called by the seed hook, which runs after every other service's: what happened until now was
   * seeded. The marks move to the log's end too, for the next process: `npm run seed` runs no
   * consumers, and whichever process reads its events next knows nothing of the seed.
   */
  async seeded(through: Date): Promise<void> {
    this.seededThrough = through;
    await this.markLogEnd('DO UPDATE SET seq = greatest(notify_from.seq, EXCLUDED.seq)');
  }

  /**
   * Whether this event may notify, or only updates projections. An event notifies at most once:
   * deciding that it does moves its publisher's mark past it, in the consumer's transaction. A
   * replayed log meets projections that have moved on (later follows, new coordinators), so
   * the unique key alone would tell a later follower of every old reply.
   */
  private notifies(manager: EntityManager, event: EventEnvelope): Promise<boolean> {
    let decision = this.decided.get(event);
    if (!decision) {
      decision = this.decide(manager, event);
      this.decided.set(event, decision);
    }
    return decision;
  }

  private async decide(manager: EntityManager, event: EventEnvelope): Promise<boolean> {
    const { clock } = this.deps.runtime;
    if (replayingHistory(clock)) return false;
    // A seed in this process writes demo data, its present-day conversations too: none of it
    // notifies, while it runs or when its events are read after it (the seed hook marks its end).
    if (seedBegun(clock) && (!this.seededThrough || event.occurredAt < this.seededThrough)) return false;
    if (event.recordedAt && event.recordedAt.getTime() - event.occurredAt.getTime() > this.deps.config.backdatedMinutes * 60_000) return false;
    // No mark means the first start has not recorded one yet: history, until it does.
    const [moved] = (await manager.query(
      'WITH moved AS (UPDATE notify_from SET seq = $2 WHERE publisher = $1 AND seq < $2 RETURNING publisher) SELECT count(*)::int AS n FROM moved',
      [event.publisher, event.seq],
    )) as { n: number }[];
    return moved!.n > 0;
  }

  /**
   * Inserts one notification per recipient for this event, each with the recipient's channel for
   * the kind, and enqueues the email of each new one whose channel is EMAIL, all in the
   * consumer's transaction. One statement whatever the number of recipients.
   */
  private async notify(manager: EntityManager, event: EventEnvelope, kind: NotificationKind, who: Lazy<string[]>, what: Lazy<About>): Promise<void> {
    // History only feeds projections: its recipients and titles are not even looked up.
    if (!(await this.notifies(manager, event))) return;
    const recipients = typeof who === 'function' ? await who() : who;
    if (recipients.length === 0) return;
    const about = typeof what === 'function' ? await what() : what;
    const rows: { id: string; recipient_id: string; channel: string }[] = await manager.query(
      `INSERT INTO notifications (recipient_id, kind, source_event_id, occurred_at, created_at, actor_id, community_id, network_id, target_type, target_id, post_id, data, channel)
       SELECT r.id, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, coalesce(p.channels ->> $2, $13)
       FROM unnest($1::uuid[]) AS r(id) LEFT JOIN preferences p ON p.member_id = r.id
       WHERE NOT EXISTS (SELECT 1 FROM removed_members x WHERE x.community_id = $7 AND x.member_id = r.id)
       ON CONFLICT (recipient_id, source_event_id) DO NOTHING
       RETURNING id, recipient_id, channel`,
      [
        recipients,
        kind,
        event.id,
        event.occurredAt,
        this.deps.runtime.clock.now(),
        about.actorId ?? null,
        about.communityId ?? null,
        about.networkId ?? null,
        about.target?.type ?? null,
        about.target?.id ?? null,
        about.postId ?? null,
        JSON.stringify(about.data ?? {}),
        DEFAULT_CHANNELS[kind],
      ],
    );
    const emails = rows.filter((row) => row.channel === 'EMAIL').map((row) => ({ notificationId: row.id, recipientId: row.recipient_id }));
    if (emails.length > 0) await this.deps.emails.enqueueEmails(manager, emails);
  }

  private define(): ConsumerDefinition {
    const m = membershipContracts;
    const d = discussionContracts;
    const e = eventsContracts;
    const r = resourcesContracts;
    const thread = (id: string) => ({ type: 'THREAD' as const, id });
    const eventTarget = (id: string) => ({ type: 'EVENT' as const, id });
    const members = (manager: EntityManager, sql: string, params: unknown[], except?: string | null) => async () => unique(await lookup(manager, sql, params), except);
    // Members a post mentions hear of it once, as a mention (MembersMentioned), not also as a reply
    // or a new thread. Handles resolve now, as the mention's do; none are looked up when none are named.
    const exceptMentioned = (who: () => Promise<string[]>, handles: readonly string[] | undefined) => async () => {
      const [recipients, mentioned] = await Promise.all([who(), handles?.length ? this.deps.contacts.byHandles(handles) : []]);
      const skip = new Set(mentioned.filter((contact) => !contact.deleted).map((contact) => contact.memberId));
      return recipients.filter((id) => !skip.has(id));
    };
    const threadTitle = async (manager: EntityManager, id: string) => (await lookup(manager, 'SELECT title AS value FROM threads WHERE id = $1', [id]))[0] ?? null;
    const eventTitle = async (manager: EntityManager, id: string) => (await lookup(manager, 'SELECT title AS value FROM events WHERE id = $1', [id]))[0] ?? null;
    return defineConsumer(
      CONSUMER_NAME,
      on(m.NetworkChanged, ({ payload }, manager) => projections.network(manager, payload)),
      on(m.CommunityChanged, ({ payload }, manager) => projections.community(manager, payload)),
      on(m.MemberJoined, ({ payload, occurredAt }, manager) => projections.joined(manager, payload, occurredAt)),
      on(m.MemberRoleChanged, ({ payload }, manager) => projections.roleChanged(manager, payload)),
      on(m.MemberLeft, ({ payload }, manager) => projections.left(manager, payload)),
      on(m.AccountDeleted, ({ payload }, manager) => eraseMember(manager, payload.memberId)),
      on(m.JoinRequestSubmitted, (event, manager) => {
        const p = event.payload;
        const coordinators = members(manager, "SELECT member_id AS value FROM community_members WHERE community_id = $1 AND role = 'COORDINATOR'", [p.communityId], p.memberId);
        return this.notify(manager, event, 'JOIN_REQUEST_PENDING', coordinators, {
          actorId: p.memberId,
          communityId: p.communityId,
          networkId: p.networkId,
          target: { type: 'COMMUNITY', id: p.communityId },
        });
      }),
      on(m.JoinRequestDecided, async (event, manager) => {
        const p = event.payload;
        if (p.decision === 'WITHDRAWN') return;
        await this.notify(manager, event, 'JOIN_REQUEST_DECIDED', [p.memberId], {
          actorId: p.decidedBy,
          communityId: p.communityId,
          networkId: p.networkId,
          target: { type: 'COMMUNITY', id: p.communityId },
          data: { decision: p.decision, reason: p.decision === 'DECLINED' ? (p.reason ?? null) : null },
        });
      }),
      on(d.ThreadChanged, ({ payload }, manager) => projections.thread(manager, payload)),
      on(d.FollowChanged, ({ payload }, manager) => projections.follow(manager, payload)),
      on(d.ThreadPosted, async (event, manager) => {
        const p = event.payload;
        await projections.thread(manager, { ...p, authorId: p.memberId });
        if (p.subject) return;
        const forumFollowers = members(manager, 'SELECT member_id AS value FROM forum_follows WHERE forum_id = $1', [p.forumId], p.memberId);
        await this.notify(manager, event, 'NEW_THREAD', exceptMentioned(forumFollowers, p.mentionedHandles), async () => ({
          actorId: p.memberId,
          communityId: p.communityId,
          networkId: p.networkId,
          target: thread(p.threadId),
          postId: p.postId,
          data: { title: p.title ?? (await threadTitle(manager, p.threadId)) },
        }));
      }),
      on(d.ReplyPosted, (event, manager) => {
        const p = event.payload;
        const followers = members(
          manager,
          'SELECT member_id AS value FROM thread_follows WHERE thread_id = $1 UNION SELECT author_id FROM threads WHERE id = $1 AND author_id IS NOT NULL',
          [p.threadId],
          p.memberId,
        );
        return this.notify(manager, event, 'THREAD_REPLY', exceptMentioned(followers, p.mentionedHandles), async () => ({
          actorId: p.memberId,
          communityId: p.communityId,
          networkId: p.networkId,
          target: thread(p.threadId),
          postId: p.postId,
          data: { title: p.title ?? (await threadTitle(manager, p.threadId)) },
        }));
      }),
      on(d.MembersMentioned, (event, manager) => {
        const p = event.payload;
        // Handles are resolved now, once: an unknown handle, or a deleted member's, names nobody.
        const mentioned = async () => unique((await this.deps.contacts.byHandles(p.handles)).filter((contact) => !contact.deleted).map((contact) => contact.memberId), p.authorId);
        return this.notify(manager, event, 'MENTION', mentioned, async () => ({
          actorId: p.authorId,
          communityId: p.communityId,
          networkId: p.networkId,
          target: thread(p.threadId),
          postId: p.postId,
          data: { title: await threadTitle(manager, p.threadId) },
        }));
      }),
      on(d.PostModerated, async (event, manager) => {
        const p = event.payload;
        await projections.moderated(manager, p);
        if (p.action === 'RESTORED' || !p.authorId) return;
        await this.notify(manager, event, 'POST_MODERATED', unique([p.authorId], p.moderatorId), async () => ({
          communityId: p.communityId,
          networkId: p.networkId,
          target: p.openingPost && p.action === 'REMOVED' ? null : thread(p.threadId),
          data: { action: p.action, reason: p.reason, title: await threadTitle(manager, p.threadId) },
        }));
      }),
      on(e.EventChanged, async (event, manager) => {
        const p = event.payload;
        await projections.event(manager, p);
        if (p.change !== 'CANCELLED' && p.change !== 'RESCHEDULED') return;
        await this.notify(manager, event, 'EVENT_CHANGED', members(manager, 'SELECT member_id AS value FROM event_registrations WHERE event_id = $1', [p.eventId]), async () => ({
          communityId: p.communityId,
          networkId: p.networkId,
          target: eventTarget(p.eventId),
          data: { change: p.change, title: p.title ?? (await eventTitle(manager, p.eventId)), startsAt: p.startsAt, endsAt: p.endsAt },
        }));
      }),
      on(e.EventRegistered, ({ payload }, manager) => projections.registration(manager, payload.eventId, payload.memberId, payload.status)),
      on(e.EventRegistrationCancelled, ({ payload }, manager) => projections.registration(manager, payload.eventId, payload.memberId, null)),
      on(e.EventWaitlistPromoted, async (event, manager) => {
        const p = event.payload;
        await projections.registration(manager, p.eventId, p.memberId, 'REGISTERED');
        await this.notify(manager, event, 'WAITLIST_PROMOTED', [p.memberId], async () => ({
          communityId: p.communityId,
          networkId: p.networkId,
          target: eventTarget(p.eventId),
          data: { title: await eventTitle(manager, p.eventId), startsAt: p.eventStartsAt },
        }));
      }),
      on(e.EventAttendanceMarked, async (event, manager) => {
        const p = event.payload;
        if (!p.attended) return;
        await this.notify(manager, event, 'CERTIFICATE_READY', [p.memberId], async () => ({
          communityId: p.communityId,
          networkId: p.networkId,
          target: eventTarget(p.eventId),
          data: { title: await eventTitle(manager, p.eventId), startsAt: p.eventStartsAt },
        }));
      }),
      on(e.EventReminderDue, (event, manager) => {
        const p = event.payload;
        return this.notify(manager, event, 'EVENT_REMINDER', unique(p.memberIds), {
          communityId: p.communityId,
          networkId: p.networkId,
          target: eventTarget(p.eventId),
          data: { reminderKind: p.kind, title: p.title, startsAt: p.startsAt, endsAt: p.endsAt, timeZone: p.timeZone, joinUrl: p.joinUrl, location: p.location },
        });
      }),
      on(r.ResourceFeatured, ({ payload, occurredAt }, manager) => projections.featured(manager, payload, occurredAt)),
      on(r.ResourceReviewed, (event, manager) => {
        const p = event.payload;
        return this.notify(manager, event, 'RESOURCE_REVIEWED', unique([p.contributorId], p.reviewerId), {
          actorId: p.reviewerId,
          communityId: p.communityId,
          networkId: p.networkId,
          target: { type: 'RESOURCE', id: p.resourceId },
          data: { decision: p.decision, reason: p.reason, title: p.title },
        });
      }),
    );
  }
}

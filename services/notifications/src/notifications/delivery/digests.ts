import { DateTime } from 'luxon';
import { isPermanentEmailFailure, type Mailer } from '@praxis/platform';
import { channelFor, DIGEST_DEFAULTS, isNotificationKind, type DigestFrequency } from './channels';
import { addressHash, recordPermanentFailure } from './email-job';
import { isAccountDeleted, recipientViewer, type DeliveryLookups } from './lookups';
import { duePeriod, validTimeZone, type DigestPeriod } from './schedule';
import { appLink, digestTemplate, eventTime, notificationSentence, type NotificationData } from './templates';
import type { DeliveryDeps } from './types';
import { DIGEST_TOKEN_KIND, unsubscribeHeaders, unsubscribeLink, type UnsubscribeTokens } from './unsubscribe';

export const DIGESTS_JOB = 'notifications.digests';
export const DIGEST_EMAIL_JOB = 'notifications.digest-email';

/** Items per section; the rest is counted, not listed. */
const SECTION_LIMIT = 20;
const CHUNK = 200;

interface Candidate {
  member_id: string;
  frequency: Exclude<DigestFrequency, 'OFF'>;
  weekday: number;
  hour: number;
  time_zone: string;
  channels: Record<string, unknown> | null;
  last_sent_at: Date | null;
}

interface Due extends Candidate {
  period: DigestPeriod;
  since: Date;
}

/** What one digest email lists; titles, names and links only (no addresses), resolved to names when sent. */
export interface DigestEmailData {
  memberId: string;
  periodKey: string;
  frequency: 'DAILY' | 'WEEKLY';
  notifications: { kind: string; actorId: string | null; communityName: string | null; data: NotificationData; link: string | null }[];
  moreNotifications: number;
  events: { title: string; startsAt: string; communityName: string; link: string }[];
  resources: { title: string; communityName: string | null; link: string }[];
  timeZone: string;
}

/**
 * Daily and weekly digests, at each member's hour in their time zone: the cron job finds who is
 * due, records the period (so each is sent once) and queues one email per member with something
 * to say, in one transaction.
 */
export class Digests {
  constructor(
    private readonly deps: DeliveryDeps,
    private readonly mailer: Mailer,
    private readonly tokens: UnsubscribeTokens,
    private readonly lookups: DeliveryLookups,
  ) {}

  register(): void {
    const { jobs, clock } = this.deps.runtime;
    jobs.register<object>({ name: DIGESTS_JOB, cron: '5 * * * *', retryLimit: 2, expireInSeconds: 3_600, handle: async () => void (await this.runDue(clock.now())) });
    jobs.register<DigestEmailData>({ name: DIGEST_EMAIL_JOB, retryLimit: 5, retryDelaySeconds: 60, batchSize: 50, concurrency: 10, deleteAfterSeconds: 86_400, handle: (data) => this.send(data) });
  }

  /** Queues every digest due at `now`; how many were queued (periods with nothing to say are recorded, not sent). */
  async runDue(now: Date): Promise<number> {
    const due = await this.dueMembers(now);
    let queued = 0;
    for (let start = 0; start < due.length; start += CHUNK) queued += await this.runChunk(due.slice(start, start + CHUNK), now);
    return queued;
  }

  private async dueMembers(now: Date): Promise<Due[]> {
    const candidates: Candidate[] = await this.deps.runtime.db.query(
      `SELECT m.member_id,
              COALESCE(p.digest_frequency, $1) AS frequency, COALESCE(p.digest_weekday, $2) AS weekday, COALESCE(p.digest_hour, $3) AS hour,
              COALESCE(p.time_zone, first_network.time_zone, 'UTC') AS time_zone, p.channels,
              (SELECT max(d.sent_at) FROM digests d WHERE d.member_id = m.member_id) AS last_sent_at
       FROM (SELECT member_id FROM community_members UNION SELECT member_id FROM preferences) m
       LEFT JOIN preferences p ON p.member_id = m.member_id
       LEFT JOIN LATERAL (
         SELECT n.time_zone FROM community_members cm JOIN networks n ON n.id = cm.network_id
         WHERE cm.member_id = m.member_id ORDER BY cm.joined_at, cm.community_id LIMIT 1
       ) first_network ON p.member_id IS NULL
       WHERE COALESCE(p.digest_frequency, $1) <> 'OFF'`,
      [DIGEST_DEFAULTS.frequency, DIGEST_DEFAULTS.weekday, DIGEST_DEFAULTS.hour],
    );
    const due: Due[] = [];
    for (const candidate of candidates) {
      const period = duePeriod({ frequency: candidate.frequency, weekday: candidate.weekday, hour: candidate.hour, timeZone: candidate.time_zone }, now);
      if (!period) continue;
      const since = candidate.last_sent_at ?? DateTime.fromJSDate(period.dueAt).minus(period.length).toJSDate();
      due.push({ ...candidate, time_zone: validTimeZone(candidate.time_zone) ? candidate.time_zone : 'UTC', period, since });
    }
    if (due.length === 0) return [];
    const sent: { member_id: string; period_key: string }[] = await this.deps.runtime.db.query(
      'SELECT d.member_id, d.period_key FROM digests d JOIN unnest($1::uuid[], $2::text[]) AS w(member_id, period_key) USING (member_id, period_key)',
      [due.map((member) => member.member_id), due.map((member) => member.period.key)],
    );
    const done = new Set(sent.map((row) => `${row.member_id}:${row.period_key}`));
    return due.filter((member) => !done.has(`${member.member_id}:${member.period.key}`));
  }

  private async runChunk(members: Due[], now: Date): Promise<number> {
    const { db } = this.deps.runtime;
    const { publicAppUrl } = this.deps.config;
    const ids = members.map((member) => member.member_id);
    // What each member may read now, asked live: one question per member.
    const readable = new Map<string, Set<string>>();
    await Promise.all(
      members.map(async (member) => {
        try {
          readable.set(member.member_id, new Set(await this.deps.access.readableCommunityIds(recipientViewer(member.member_id))));
        } catch (error) {
          if (!isAccountDeleted(error)) throw error;
        }
      }),
    );
    // Removed or banned members hear nothing more from a community, even a public one they may still read.
    const removed: { member_id: string; community_id: string }[] = await db.query('SELECT member_id, community_id FROM removed_members WHERE member_id = ANY($1::uuid[])', [ids]);
    for (const row of removed) readable.get(row.member_id)?.delete(row.community_id);
    const communities: { id: string; network_id: string; name: string }[] = await db.query('SELECT id, network_id, name FROM communities WHERE id = ANY($1::uuid[])', [
      [...new Set([...readable.values()].flatMap((set) => [...set]))],
    ]);
    const communityById = new Map(communities.map((community) => [community.id, community]));

    const notifications: { recipient_id: string; kind: string; actor_id: string | null; community_id: string | null; target_type: string | null; target_id: string | null; data: NotificationData; total: number; rank: number }[] =
      await db.query(
        `SELECT * FROM (
           SELECT n.recipient_id, n.kind, n.actor_id, n.community_id, n.target_type, n.target_id, n.data,
                  row_number() OVER (PARTITION BY n.recipient_id ORDER BY n.occurred_at DESC, n.id DESC)::int AS rank
           FROM notifications n
           JOIN unnest($1::uuid[], $2::timestamptz[]) AS w(member_id, since) ON n.recipient_id = w.member_id AND n.created_at > w.since
           WHERE n.channel = 'DIGEST' AND n.read_at IS NULL AND n.created_at <= $3
             AND (n.kind = 'POST_MODERATED' OR NOT EXISTS (
               SELECT 1 FROM moderated_posts m WHERE m.post_id = n.post_id OR (n.target_type = 'THREAD' AND m.thread_id = n.target_id AND m.opening_post)))
         ) ranked ORDER BY recipient_id, rank`,
        [ids, members.map((member) => member.since), now],
      );
    const horizon = DateTime.fromJSDate(now).plus({ days: 7 }).toJSDate();
    const memberCommunities: { member_id: string; community_id: string }[] = await db.query('SELECT member_id, community_id FROM community_members WHERE member_id = ANY($1::uuid[])', [ids]);
    const events: { id: string; community_id: string; title: string | null; starts_at: Date }[] = await db.query(
      `SELECT id, community_id, title, starts_at FROM events
       WHERE community_id = ANY($1::uuid[]) AND status = 'SCHEDULED' AND starts_at > $2 AND starts_at <= $3 ORDER BY starts_at, id`,
      [[...new Set(memberCommunities.map((row) => row.community_id))], now, horizon],
    );
    const oldest = new Date(Math.min(...members.map((member) => member.since.getTime())));
    const featured: { resource_id: string; network_id: string; community_id: string | null; title: string; featured_at: Date }[] = await db.query(
      'SELECT resource_id, network_id, community_id, title, featured_at FROM featured_resources WHERE featured_at > $1 AND featured_at <= $2 ORDER BY featured_at DESC',
      [oldest, now],
    );

    let queued = 0;
    for (const member of members) {
      const canRead = readable.get(member.member_id);
      if (!canRead) continue;
      // Waiting for this digest since they were created; a kind turned to in-app only since is left out.
      const own = notifications.filter(
        (row) => row.recipient_id === member.member_id && (!row.community_id || canRead.has(row.community_id)) && isNotificationKind(row.kind) && channelFor(member.channels, row.kind) !== 'IN_APP',
      );
      // Events and featured resources of their own communities (and their networks'), not of every public one they could read.
      const mine = new Set(memberCommunities.filter((row) => row.member_id === member.member_id && canRead.has(row.community_id)).map((row) => row.community_id));
      const myNetworks = new Set([...mine].map((id) => communityById.get(id)?.network_id).filter(Boolean));
      const until = DateTime.fromJSDate(now).plus(member.period.length).toJSDate();
      const upcoming = events.filter((event) => mine.has(event.community_id) && event.starts_at <= until).slice(0, SECTION_LIMIT);
      const resources = featured
        .filter((row) => row.featured_at > member.since && (row.community_id ? mine.has(row.community_id) : myNetworks.has(row.network_id)))
        .slice(0, SECTION_LIMIT);
      const data: DigestEmailData = {
        memberId: member.member_id,
        periodKey: member.period.key,
        frequency: member.frequency,
        timeZone: member.time_zone,
        notifications: own.slice(0, SECTION_LIMIT).map((row) => ({
          kind: row.kind,
          actorId: row.actor_id,
          communityName: (row.community_id && communityById.get(row.community_id)?.name) || null,
          data: row.data ?? {},
          link: appLink(publicAppUrl, row.target_type, row.target_id),
        })),
        moreNotifications: Math.max(0, own.length - SECTION_LIMIT),
        events: upcoming.map((event) => ({
          title: event.title ?? 'Untitled event',
          startsAt: event.starts_at.toISOString(),
          communityName: communityById.get(event.community_id)?.name ?? '',
          link: appLink(publicAppUrl, 'EVENT', event.id)!,
        })),
        resources: resources.map((row) => ({
          title: row.title,
          communityName: (row.community_id && communityById.get(row.community_id)?.name) || null,
          link: appLink(publicAppUrl, 'RESOURCE', row.resource_id)!,
        })),
      };
      const count = own.length + upcoming.length + resources.length;
      const recorded = await this.deps.runtime.transaction(async (manager) => {
        const inserted: unknown[] = await manager.query(
          'INSERT INTO digests (member_id, period_key, sent_at, item_count) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING member_id',
          [member.member_id, member.period.key, now, count],
        );
        if (inserted.length === 0 || count === 0) return false;
        await this.deps.runtime.jobs.send<DigestEmailData>(DIGEST_EMAIL_JOB, data, { manager, singletonKey: `${member.member_id}:${member.period.key}` });
        return true;
      });
      if (recorded) queued += 1;
    }
    return queued;
  }

  /** Sends one queued digest, unless the member turned digests off, was erased or has no deliverable address since. */
  async send(data: DigestEmailData): Promise<void> {
    const { db, clock } = this.deps.runtime;
    const [state] = (await db.query(
      `SELECT p.digest_frequency, u.address_hash, u.marked_at IS NOT NULL AS marked
       FROM (SELECT $1::uuid AS member_id) m LEFT JOIN preferences p USING (member_id) LEFT JOIN undeliverable u USING (member_id)`,
      [data.memberId],
    )) as { digest_frequency: string | null; address_hash: string | null; marked: boolean }[];
    if (state?.digest_frequency === 'OFF') return;
    const actorIds = [...new Set(data.notifications.map((item) => item.actorId).filter((id): id is string => !!id))];
    const [contact, ...actors] = await this.lookups.contactsOf([data.memberId, ...actorIds]);
    if (!contact || contact.deleted || !contact.email || !contact.emailVerified) return;
    const hash = addressHash(contact.email);
    if (state?.marked && state.address_hash === hash) return;
    const names = new Map(actors.filter((actor) => actor !== null).map((actor) => [actor.memberId, actor.deleted ? 'Former member' : actor.displayName]));
    const { publicAppUrl, publicGraphUrl } = this.deps.config;
    const token = await this.tokens.sign(data.memberId, DIGEST_TOKEN_KIND);
    const settingsLink = `${publicAppUrl}/settings/notifications`;
    const sections = [];
    if (data.notifications.length > 0) {
      const items = data.notifications
        .filter((item) => isNotificationKind(item.kind))
        .map((item) => ({
          text: notificationSentence(item.kind as never, {
            recipientName: contact.displayName,
            actorName: item.actorId ? (names.get(item.actorId) ?? 'Former member') : 'Former member',
            communityName: item.communityName,
            data: item.data,
            link: item.link,
            settingsLink,
            unsubscribeLink: '',
          }),
          link: item.link,
        }));
      if (data.moreNotifications > 0) items.push({ text: `…and ${data.moreNotifications} more in Praxis`, link: `${publicAppUrl}/notifications` });
      sections.push({ heading: 'In discussions you follow', items });
    }
    if (data.events.length > 0) {
      sections.push({
        heading: 'Coming up in your communities',
        items: data.events.map((event) => ({ text: `${event.title}, ${event.communityName}: ${eventTime(event.startsAt, data.timeZone)}`, link: event.link })),
      });
    }
    if (data.resources.length > 0) {
      sections.push({ heading: 'Newly featured in the library', items: data.resources.map((resource) => ({ text: resource.communityName ? `${resource.title} (${resource.communityName})` : resource.title, link: resource.link })) });
    }
    try {
      await this.mailer.send(
        digestTemplate,
        contact.email,
        { recipientName: contact.displayName, frequency: data.frequency, sections, settingsLink, unsubscribeLink: unsubscribeLink(publicGraphUrl, token) },
        { headers: unsubscribeHeaders(publicGraphUrl, token) },
      );
    } catch (error) {
      if (!isPermanentEmailFailure(error)) throw error;
      await recordPermanentFailure(db, { memberId: data.memberId, hash, now: clock.now(), after: this.deps.config.undeliverableAfter });
    }
  }
}

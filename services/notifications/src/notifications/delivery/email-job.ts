import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { isPermanentEmailFailure, type Mailer } from '@praxis/platform';
import { channelFor, isNotificationKind } from './channels';
import { gathering, type DeliveryLookups } from './lookups';
import { appLink, notificationTemplates, type NotificationData } from './templates';
import type { DeliveryDeps, NewEmail } from './types';
import { unsubscribeHeaders, unsubscribeLink, type UnsubscribeTokens } from './unsubscribe';

export const EMAIL_JOB = 'notifications.email';
/** Retries after the first attempt, with pg-boss's exponential backoff from 30 s: about 15 minutes in all. */
const RETRY_LIMIT = 5;

export interface EmailJobData {
  notificationId: string;
}

/** Why an email was not sent, as `email_deliveries.skipped_reason` records it. */
export type SkipReason = 'NOTIFICATION_GONE' | 'CHANNEL_CHANGED' | 'NO_ACCESS' | 'REMOVED' | 'MODERATED' | 'RECIPIENT_DELETED' | 'NO_VERIFIED_EMAIL' | 'UNDELIVERABLE';

interface Row {
  id: string;
  recipient_id: string;
  kind: string;
  actor_id: string | null;
  community_id: string | null;
  target_type: string | null;
  target_id: string | null;
  data: NotificationData;
  status: string;
  channels: Record<string, unknown> | null;
  community_name: string | null;
  moderated: boolean;
  removed: boolean;
  undeliverable_hash: string | null;
  undeliverable_marked: boolean;
}

type Status = 'QUEUED' | 'SENT' | 'SKIPPED' | 'FAILED';
interface Mark {
  id: string;
  status: Status;
  reason: SkipReason | null;
  error: string | null;
}

/** The address as undeliverable records it: a hash of the lowercased address, so a changed address is tried again. */
export function addressHash(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}

/**
 * The email of one notification: queued with it, in the consumer's transaction, and sent by
 * `notifications.email` after checking again, at delivery, that the recipient still wants it
 * and may still read what it is about.
 */
export class EmailJob {
  // The jobs of a batch run at once: their reads and their status writes go to the database together.
  private readonly rows = gathering((ids: readonly string[]) => this.load(ids));
  private readonly marks = gathering((marks: readonly Mark[]) => this.writeMarks(marks));

  constructor(
    private readonly deps: DeliveryDeps,
    private readonly mailer: Mailer,
    private readonly tokens: UnsubscribeTokens,
    private readonly lookups: DeliveryLookups,
  ) {}

  register(): void {
    this.deps.runtime.jobs.register<EmailJobData>({
      name: EMAIL_JOB,
      retryLimit: RETRY_LIMIT,
      retryDelaySeconds: 30,
      // A fanned-out reply queues thousands at once: a large batch, worked many at a time over the pooled SMTP connections.
      batchSize: 100,
      concurrency: 25,
      deleteAfterSeconds: 86_400,
      handle: ({ notificationId }, job) => this.deliver(notificationId, job.retryCount >= RETRY_LIMIT),
    });
  }

  /** One delivery row and one job per email, inside the caller's transaction: both exist only if it commits. */
  async enqueue(manager: EntityManager, emails: NewEmail[]): Promise<void> {
    if (emails.length === 0) return;
    await manager.query(
      `INSERT INTO email_deliveries (notification_id, recipient_id, status, attempts)
       SELECT notification_id, recipient_id, 'QUEUED', 0 FROM unnest($1::uuid[], $2::uuid[]) AS e(notification_id, recipient_id)
       ON CONFLICT (notification_id) DO NOTHING`,
      [emails.map((email) => email.notificationId), emails.map((email) => email.recipientId)],
    );
    await this.deps.runtime.jobs.sendMany<EmailJobData>(
      EMAIL_JOB,
      emails.map((email) => ({ data: { notificationId: email.notificationId }, singletonKey: email.notificationId })),
      manager,
    );
  }

  async deliver(notificationId: string, lastAttempt = false): Promise<void> {
    const row = await this.rows.load(notificationId);
    // Erased with its recipient, or already dealt with by an earlier attempt.
    if (!row || row.status !== 'QUEUED') return;
    const reason = await this.skipReason(row);
    if (reason) return this.mark(row.id, 'SKIPPED', { reason });
    const [contact, actor] = await this.lookups.contactsOf([row.recipient_id, ...(row.actor_id ? [row.actor_id] : [])]);
    if (!contact || contact.deleted) return this.mark(row.id, 'SKIPPED', { reason: 'RECIPIENT_DELETED' });
    if (!contact.email || !contact.emailVerified) return this.mark(row.id, 'SKIPPED', { reason: 'NO_VERIFIED_EMAIL' });
    const hash = addressHash(contact.email);
    if (row.undeliverable_marked && row.undeliverable_hash === hash) return this.mark(row.id, 'SKIPPED', { reason: 'UNDELIVERABLE' });

    const { config } = this.deps;
    const token = await this.tokens.sign(row.recipient_id, row.kind);
    const template = notificationTemplates[row.kind as keyof typeof notificationTemplates];
    try {
      await this.mailer.send(
        template,
        contact.email,
        {
          recipientName: contact.displayName,
          actorName: row.actor_id ? (actor && !actor.deleted ? actor.displayName : 'Former member') : actorless(row.kind),
          communityName: row.community_name,
          data: row.data ?? {},
          link: appLink(config.publicAppUrl, row.target_type, row.target_id),
          settingsLink: `${config.publicAppUrl}/settings/notifications`,
          unsubscribeLink: unsubscribeLink(config.publicGraphUrl, token),
        },
        { headers: unsubscribeHeaders(config.publicGraphUrl, token) },
      );
    } catch (error) {
      const code = errorCode(error);
      if (isPermanentEmailFailure(error)) {
        await recordPermanentFailure(this.deps.runtime.db, { memberId: row.recipient_id, hash, now: this.deps.runtime.clock.now(), after: this.deps.config.undeliverableAfter });
        return this.mark(row.id, 'FAILED', { error: code });
      }
      // Transient (a 4xx reply, the server unreachable): pg-boss tries again later, until the last attempt.
      await this.mark(row.id, lastAttempt ? 'FAILED' : 'QUEUED', { error: code });
      throw error;
    }
    await this.mark(row.id, 'SENT', {});
    // A delivered message ends a run of failures for that address.
    if (row.undeliverable_hash !== null && !row.undeliverable_marked) await this.deps.runtime.db.query('DELETE FROM undeliverable WHERE member_id = $1 AND marked_at IS NULL', [row.recipient_id]);
  }

  private async skipReason(row: Row): Promise<SkipReason | null> {
    if (!isNotificationKind(row.kind)) return 'NOTIFICATION_GONE';
    if (channelFor(row.channels, row.kind) !== 'EMAIL') return 'CHANNEL_CHANGED';
    if (row.moderated && row.kind !== 'POST_MODERATED') return 'MODERATED';
    // Removed or banned: nothing more from that community, even where it is public, except the answer to a new request to join.
    if (row.removed && row.kind !== 'JOIN_REQUEST_DECIDED') return 'REMOVED';
    if (row.community_id) {
      const access = await this.lookups.community(row.recipient_id, row.community_id);
      if (access === 'DELETED') return 'RECIPIENT_DELETED';
      if (!access) return 'NO_ACCESS';
      // The applicant of a declined request may not read a members-only community, yet is told the decision.
      const allowed = row.kind === 'JOIN_REQUEST_PENDING' ? access.canCoordinate : row.kind === 'JOIN_REQUEST_DECIDED' ? true : access.canRead;
      if (!allowed) return 'NO_ACCESS';
    }
    return null;
  }

  private async load(ids: readonly string[]): Promise<(Row | null)[]> {
    const rows: Row[] = await this.deps.runtime.db.query(
      `SELECT n.id, n.recipient_id, n.kind, n.actor_id, n.community_id, n.target_type, n.target_id, d.status, p.channels, c.name AS community_name,
              -- Reminders carry the event's zone; other event kinds show its time in the network's.
              CASE WHEN n.data ->> 'timeZone' IS NOT NULL THEN n.data ELSE n.data || jsonb_build_object('timeZone', nw.time_zone) END AS data,
              EXISTS (
                SELECT 1 FROM moderated_posts m
                WHERE m.post_id = n.post_id OR (n.target_type = 'THREAD' AND m.thread_id = n.target_id AND m.opening_post)
              ) AS moderated,
              EXISTS (SELECT 1 FROM removed_members x WHERE x.community_id = n.community_id AND x.member_id = n.recipient_id) AS removed,
              u.address_hash AS undeliverable_hash, u.marked_at IS NOT NULL AS undeliverable_marked
       FROM notifications n
       JOIN email_deliveries d ON d.notification_id = n.id
       LEFT JOIN preferences p ON p.member_id = n.recipient_id
       LEFT JOIN communities c ON c.id = n.community_id
       LEFT JOIN networks nw ON nw.id = n.network_id
       LEFT JOIN undeliverable u ON u.member_id = n.recipient_id
       WHERE n.id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  private mark(id: string, status: Status, detail: { reason?: SkipReason; error?: string }): Promise<void> {
    return this.marks.load({ id, status, reason: detail.reason ?? null, error: detail.error ?? null });
  }

  private async writeMarks(marks: readonly Mark[]): Promise<void[]> {
    await this.deps.runtime.db.query(
      `UPDATE email_deliveries d
       SET status = m.status,
           attempts = d.attempts + CASE WHEN m.status = 'SKIPPED' THEN 0 ELSE 1 END,
           skipped_reason = COALESCE(m.reason, d.skipped_reason),
           last_error = COALESCE(m.error, d.last_error),
           sent_at = CASE WHEN m.status = 'SENT' THEN $5::timestamptz ELSE d.sent_at END
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS m(id, status, reason, error)
       WHERE d.notification_id = m.id`,
      [marks.map((mark) => mark.id), marks.map((mark) => mark.status), marks.map((mark) => mark.reason), marks.map((mark) => mark.error), this.deps.runtime.clock.now()],
    );
    return marks.map(() => undefined);
  }
}

/** Counts a permanent failure for this address; the address is marked undeliverable after `after` in a row. */
export async function recordPermanentFailure(db: { query(sql: string, params: unknown[]): Promise<unknown> }, failure: { memberId: string; hash: string; now: Date; after: number }): Promise<void> {
  await db.query(
    `INSERT INTO undeliverable AS u (member_id, address_hash, failures, marked_at, last_failure_at)
     VALUES ($1, $2, 1, CASE WHEN 1 >= $4 THEN $3::timestamptz END, $3)
     ON CONFLICT (member_id) DO UPDATE SET
       failures = CASE WHEN u.address_hash = EXCLUDED.address_hash THEN u.failures + 1 ELSE 1 END,
       marked_at = CASE
         WHEN u.address_hash = EXCLUDED.address_hash AND u.marked_at IS NOT NULL THEN u.marked_at
         WHEN (CASE WHEN u.address_hash = EXCLUDED.address_hash THEN u.failures + 1 ELSE 1 END) >= $4 THEN EXCLUDED.last_failure_at
       END,
       address_hash = EXCLUDED.address_hash,
       last_failure_at = EXCLUDED.last_failure_at`,
    [failure.memberId, failure.hash, failure.now, failure.after],
  );
}

/** Kinds nobody acted in name no one; in the others an actor erased since (actor_id cleared) is a former member. */
function actorless(kind: string): string | null {
  return kind === 'EVENT_REMINDER' || kind === 'CERTIFICATE_READY' || kind === 'EVENT_CHANGED' ? null : 'Former member';
}

/** The SMTP reply code or the error's code, never its message: that may quote the address. */
function errorCode(error: unknown): string {
  const { responseCode, code } = (error ?? {}) as { responseCode?: unknown; code?: unknown };
  if (typeof responseCode === 'number') return `SMTP_${responseCode}`;
  return typeof code === 'string' ? code.slice(0, 40) : 'UNKNOWN';
}

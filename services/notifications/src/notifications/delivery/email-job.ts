import type { EntityManager } from 'typeorm';
import { isPermanentEmailFailure, type Mailer, type MemberContact } from '@praxis/platform';
import { channelFor, isNotificationKind } from './channels';
import { addressHash, clearFailures, loadDeliveries, recordPermanentFailures, writeMarks, type DeliveryMark, type DeliveryRow, type DeliveryStatus, type SkipReason } from './email-records';
import type { CommunityAnswer, DeliveryLookups } from './lookups';
import { appLink, notificationTemplates } from './templates';
import type { DeliveryDeps, NewEmail } from './types';
import { unsubscribeHeaders, unsubscribeLink, type UnsubscribeTokens } from './unsubscribe';

export { addressHash, recordPermanentFailure, type SkipReason } from './email-records';

export const EMAIL_JOB = 'notifications.email';
/** Retries after the first attempt, with pg-boss's exponential backoff from 30 s: about 15 minutes in all. */
const RETRY_LIMIT = 5;
/**
 * Jobs claimed per fetch, all worked as one delivery batch: one statement reads them, one
 * contacts call and one permission call per recipient check them, and one statement records
 * their outcomes, whatever the batch's size. Their emails share the SMTP pool's connections.
 */
export const EMAIL_BATCH_SIZE = 100;

export interface EmailJobData {
  notificationId: string;
}

interface Waiting {
  notificationId: string;
  lastAttempt: boolean;
  resolve(): void;
  reject(error: unknown): void;
}

/** What became of one notification of a batch: settled, or a transient failure for pg-boss to retry. */
type Outcome = { retry?: unknown };

/**
 * The email of one notification: queued with it, in the consumer's transaction, and sent by
 * `notifications.email` after checking again, at delivery, that the recipient still wants it
 * and may still read what it is about. The jobs of a fetched batch are delivered together.
 */
export class EmailJob {
  private waiting: Waiting[] = [];

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
      // Every job of a batch starts at once, so `deliver` gathers the whole batch; the pool bounds the SMTP connections.
      batchSize: EMAIL_BATCH_SIZE,
      concurrency: EMAIL_BATCH_SIZE,
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

  /**
   * Delivers one notification's email, together with every other asked for in the same tick;
   * rejects on a transient failure, for pg-boss to retry with backoff.
   */
  deliver(notificationId: string, lastAttempt = false): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ notificationId, lastAttempt, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    try {
      const outcomes = await this.deliverBatch(batch);
      batch.forEach((entry, index) => (outcomes[index]?.retry === undefined ? entry.resolve() : entry.reject(outcomes[index]!.retry)));
    } catch (error) {
      // The database or membership could not be asked: nothing was sent, every job is tried again.
      for (const entry of batch) entry.reject(error);
    }
  }

  private async deliverBatch(batch: readonly Waiting[]): Promise<Outcome[]> {
    const { db, clock } = this.deps.runtime;
    const rows = await loadDeliveries(db, [...new Set(batch.map((entry) => entry.notificationId))]);
    const outcomes: Outcome[] = batch.map(() => ({}));
    // Erased with its recipient, already dealt with by an earlier attempt, or twice in this batch: once only.
    const due = new Map<string, { row: DeliveryRow; index: number; lastAttempt: boolean }>();
    batch.forEach((entry, index) => {
      const row = rows.get(entry.notificationId);
      if (row?.status === 'QUEUED' && !due.has(row.id)) due.set(row.id, { row, index, lastAttempt: entry.lastAttempt });
    });
    const marks: DeliveryMark[] = [];
    const mark = (id: string, status: DeliveryStatus, detail: { reason?: SkipReason; error?: string } = {}) =>
      marks.push({ id, status, reason: detail.reason ?? null, error: detail.error ?? null });

    const wanted = [...due.values()].filter(({ row }) => {
      const reason = skipReason(row);
      if (reason) mark(row.id, 'SKIPPED', { reason });
      return !reason;
    });
    // Asked at once for the whole batch: one contacts call, and each recipient's live permissions.
    const contacts = this.lookups.contactsByIds(wanted.flatMap(({ row }) => [row.recipient_id, ...(row.actor_id ? [row.actor_id] : [])]));
    contacts.catch(() => undefined);
    const access = this.lookups.communities(wanted.flatMap(({ row }) => (row.community_id ? [{ memberId: row.recipient_id, communityId: row.community_id }] : [])));

    const failures: { memberId: string; hash: string }[] = [];
    const delivered: string[] = [];
    await Promise.all(
      wanted.map(async ({ row, index, lastAttempt }) => {
        let found: Map<string, MemberContact>;
        try {
          const reason = row.community_id ? accessReason(row, await access(row.recipient_id, row.community_id)) : null;
          if (reason) return mark(row.id, 'SKIPPED', { reason });
          found = await contacts;
        } catch (error) {
          // Membership could not be asked: this email is not sent, and is tried again.
          outcomes[index] = { retry: error };
          return;
        }
        const contact = found.get(row.recipient_id);
        if (!contact || contact.deleted) return mark(row.id, 'SKIPPED', { reason: 'RECIPIENT_DELETED' });
        if (!contact.email || !contact.emailVerified) return mark(row.id, 'SKIPPED', { reason: 'NO_VERIFIED_EMAIL' });
        const hash = addressHash(contact.email);
        if (row.undeliverable_marked && row.undeliverable_hash === hash) return mark(row.id, 'SKIPPED', { reason: 'UNDELIVERABLE' });
        try {
          await this.send(row, contact, contact.email, row.actor_id ? found.get(row.actor_id) : undefined);
        } catch (error) {
          const code = errorCode(error);
          if (isPermanentEmailFailure(error)) {
            failures.push({ memberId: row.recipient_id, hash });
            return mark(row.id, 'FAILED', { error: code });
          }
          // Transient (a 4xx reply, the server unreachable): pg-boss tries again later, until the last attempt.
          mark(row.id, lastAttempt ? 'FAILED' : 'QUEUED', { error: code });
          outcomes[index] = { retry: error };
          return;
        }
        mark(row.id, 'SENT');
        if (row.undeliverable_hash !== null && !row.undeliverable_marked) delivered.push(row.recipient_id);
      }),
    );
    const now = clock.now();
    await recordPermanentFailures(db, failures, now, this.deps.config.undeliverableAfter);
    await clearFailures(db, delivered);
    await writeMarks(db, marks, now);
    return outcomes;
  }

  private async send(row: DeliveryRow, contact: MemberContact, email: string, actor: MemberContact | undefined): Promise<void> {
    const { config } = this.deps;
    const token = await this.tokens.sign(row.recipient_id, row.kind);
    const template = notificationTemplates[row.kind as keyof typeof notificationTemplates];
    await this.mailer.send(
      template,
      email,
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
  }
}

/** Why this email must not go out, from its row alone: the recipient's choice, moderation, removal. */
function skipReason(row: DeliveryRow): SkipReason | null {
  if (!isNotificationKind(row.kind)) return 'NOTIFICATION_GONE';
  if (channelFor(row.channels, row.kind) !== 'EMAIL') return 'CHANNEL_CHANGED';
  if (row.moderated && row.kind !== 'POST_MODERATED') return 'MODERATED';
  // Removed or banned: nothing more from that community, even where it is public, except the answer to a new request to join.
  if (row.removed && row.kind !== 'JOIN_REQUEST_DECIDED') return 'REMOVED';
  return null;
}

/** Why the recipient may not be told about something in this community now, from membership's live answer. */
function accessReason(row: DeliveryRow, access: CommunityAnswer): SkipReason | null {
  if (access === 'DELETED') return 'RECIPIENT_DELETED';
  if (!access) return 'NO_ACCESS';
  // The applicant of a declined request may not read a members-only community, yet is told the decision.
  const allowed = row.kind === 'JOIN_REQUEST_PENDING' ? access.canCoordinate : row.kind === 'JOIN_REQUEST_DECIDED' ? true : access.canRead;
  return allowed ? null : 'NO_ACCESS';
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

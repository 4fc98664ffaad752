import { createHash } from 'node:crypto';
import type { NotificationData } from './templates';

/** Why an email was not sent, as `email_deliveries.skipped_reason` records it. */
export type SkipReason = 'NOTIFICATION_GONE' | 'CHANNEL_CHANGED' | 'NO_ACCESS' | 'REMOVED' | 'MODERATED' | 'RECIPIENT_DELETED' | 'NO_VERIFIED_EMAIL' | 'UNDELIVERABLE';

export type DeliveryStatus = 'QUEUED' | 'SENT' | 'SKIPPED' | 'FAILED';

/** A notification waiting for its email, with what delivery checks again before sending. */
export interface DeliveryRow {
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

export interface DeliveryMark {
  id: string;
  status: DeliveryStatus;
  reason: SkipReason | null;
  error: string | null;
}

type Db = { query(sql: string, params: unknown[]): Promise<unknown> };

/** The address as undeliverable records it: a hash of the lowercased address, so a changed address is tried again. */
export function addressHash(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}

/** The deliveries of a batch of notifications, in one statement; erased ones are missing. */
export async function loadDeliveries(db: Db, ids: readonly string[]): Promise<Map<string, DeliveryRow>> {
  const rows = (await db.query(
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
  )) as DeliveryRow[];
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Every outcome of a batch in one statement. Only rows still QUEUED change: an outcome never
 * overwrites one recorded by another attempt that finished first.
 */
export async function writeMarks(db: Db, marks: readonly DeliveryMark[], now: Date): Promise<void> {
  if (marks.length === 0) return;
  await db.query(
    `UPDATE email_deliveries d
     SET status = m.status,
         attempts = d.attempts + CASE WHEN m.status = 'SKIPPED' THEN 0 ELSE 1 END,
         skipped_reason = COALESCE(m.reason, d.skipped_reason),
         last_error = COALESCE(m.error, d.last_error),
         sent_at = CASE WHEN m.status = 'SENT' THEN $5::timestamptz ELSE d.sent_at END
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS m(id, status, reason, error)
     WHERE d.notification_id = m.id AND d.status = 'QUEUED'`,
    [marks.map((mark) => mark.id), marks.map((mark) => mark.status), marks.map((mark) => mark.reason), marks.map((mark) => mark.error), now],
  );
}

/** Counts a permanent failure for this address; the address is marked undeliverable after `after` in a row. */
export function recordPermanentFailure(db: Db, failure: { memberId: string; hash: string; now: Date; after: number }): Promise<void> {
  return recordPermanentFailures(db, [failure], failure.now, failure.after);
}

/**
 * Counts a batch's permanent failures in one statement: each member's refusals of one address
 * add up, and the address is marked undeliverable once `after` are in a row.
 */
export async function recordPermanentFailures(db: Db, failures: readonly { memberId: string; hash: string }[], now: Date, after: number): Promise<void> {
  if (failures.length === 0) return;
  // One row per member: an upsert may not touch the same row twice. A batch looks each address up once, so one hash each.
  const byMember = new Map<string, { hash: string; count: number }>();
  for (const { memberId, hash } of failures) {
    const seen = byMember.get(memberId);
    byMember.set(memberId, seen?.hash === hash ? { hash, count: seen.count + 1 } : { hash, count: 1 });
  }
  const members = [...byMember.keys()];
  await db.query(
    `INSERT INTO undeliverable AS u (member_id, address_hash, failures, marked_at, last_failure_at)
     SELECT f.member_id, f.hash, f.count, CASE WHEN f.count >= $5 THEN $4::timestamptz END, $4::timestamptz
     FROM unnest($1::uuid[], $2::text[], $3::int[]) AS f(member_id, hash, count)
     ON CONFLICT (member_id) DO UPDATE SET
       failures = CASE WHEN u.address_hash = EXCLUDED.address_hash THEN u.failures + EXCLUDED.failures ELSE EXCLUDED.failures END,
       marked_at = CASE
         WHEN u.address_hash = EXCLUDED.address_hash AND u.marked_at IS NOT NULL THEN u.marked_at
         WHEN (CASE WHEN u.address_hash = EXCLUDED.address_hash THEN u.failures + EXCLUDED.failures ELSE EXCLUDED.failures END) >= $5 THEN EXCLUDED.last_failure_at
       END,
       address_hash = EXCLUDED.address_hash,
       last_failure_at = EXCLUDED.last_failure_at`,
    [members, members.map((id) => byMember.get(id)!.hash), members.map((id) => byMember.get(id)!.count), now, after],
  );
}

/** A delivered message ends a run of failures for that address: one statement for the batch's members. */
export async function clearFailures(db: Db, memberIds: readonly string[]): Promise<void> {
  if (memberIds.length === 0) return;
  await db.query('DELETE FROM undeliverable WHERE member_id = ANY($1::uuid[]) AND marked_at IS NULL', [[...new Set(memberIds)]]);
}

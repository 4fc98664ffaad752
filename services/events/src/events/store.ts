import type { DataSource, EntityManager } from 'typeorm';
import { selectColumns } from '@praxis/platform';
import { EventEntity, type EventStatus } from '../entities';
import type { Occurrence } from './times';
import type { EventDetails } from './validation';

export interface EventOwnership {
  communityId: string;
  networkId: string;
  seriesId: string | null;
  status: EventStatus;
  organiserId: string | null;
  proposedBy: string | null;
  createdBy: string;
}

/** The column list of `events` under entity property names, for SELECT and RETURNING. */
export function eventColumns(db: DataSource | EntityManager, alias = 'events'): string {
  const dataSource = 'connection' in db ? db.connection : db;
  return selectColumns(dataSource, EventEntity, alias);
}

/**
 * Inserts events with the same details at several times, in one statement: a one-off event is
 * one time, a series' materialisation many. Occurrences already there (same series and key)
 * are skipped, so materialising twice is harmless. Returns the rows inserted.
 */
export async function insertEvents(manager: EntityManager, owner: EventOwnership, details: EventDetails, zone: string, times: Occurrence[]): Promise<EventEntity[]> {
  if (times.length === 0) return [];
  const d = details;
  return manager.query(
    `INSERT INTO events (community_id, network_id, series_id, series_key, status, organiser_id, proposed_by, created_by,
                         title, description, kind, format, stream, tags, venue, join_url, speakers, speaker_member_ids, parts,
                         learning_outcomes, cpd_hours, captions, wheelchair_access, interpreter, accessibility_notes, capacity,
                         registration_policy, registration_opens_at, registration_closes_at,
                         local_start, local_end, time_zone, starts_at, ends_at)
     SELECT $1, $2, $3, CASE WHEN $3::uuid IS NULL THEN NULL ELSE o.key END, $4, $5, $6, $7,
            $8, $9, $10, $11, $12, $13::text[], $14, $15, $16::jsonb, $17::uuid[], $18::jsonb,
            $19::text[], $20, $21, $22, $23, $24, $25,
            $26, $27, $28,
            o.local_start, o.local_end, $29, o.starts_at, o.ends_at
     FROM unnest($30::text[], $31::text[], $32::text[], $33::timestamptz[], $34::timestamptz[]) AS o(key, local_start, local_end, starts_at, ends_at)
     ON CONFLICT (series_id, series_key) WHERE series_id IS NOT NULL DO NOTHING
     RETURNING ${eventColumns(manager)}`,
    [
      owner.communityId,
      owner.networkId,
      owner.seriesId,
      owner.status,
      owner.organiserId,
      owner.proposedBy,
      owner.createdBy,
      d.title,
      d.description,
      d.kind,
      d.format,
      d.stream,
      d.tags,
      d.venue,
      d.joinUrl,
      JSON.stringify(d.speakers),
      speakerMemberIds(d),
      JSON.stringify(d.parts),
      d.learningOutcomes,
      d.cpdHours,
      d.captions,
      d.wheelchairAccess,
      d.interpreter,
      d.accessibilityNotes,
      d.capacity,
      d.registrationPolicy,
      d.registrationOpensAt,
      d.registrationClosesAt,
      zone,
      times.map((t) => t.key),
      times.map((t) => t.localStart),
      times.map((t) => t.localEnd),
      times.map((t) => t.startsAt),
      times.map((t) => t.endsAt),
    ],
  );
}

/** Writes new details over existing events, in one statement. */
export async function writeDetails(manager: EntityManager, where: { sql: string; params: unknown[] }, d: EventDetails): Promise<EventEntity[]> {
  const offset = where.params.length;
  const p = (n: number) => `$${offset + n}`;
  // UPDATE ... RETURNING comes back from TypeORM as [rows, affected].
  const [rows] = (await manager.query(
    `UPDATE events SET title = ${p(1)}, description = ${p(2)}, kind = ${p(3)}, format = ${p(4)}, stream = ${p(5)}, tags = ${p(6)}::text[],
       venue = ${p(7)}, join_url = ${p(8)}, speakers = ${p(9)}::jsonb, speaker_member_ids = ${p(10)}::uuid[], parts = ${p(11)}::jsonb,
       learning_outcomes = ${p(12)}::text[], cpd_hours = ${p(13)}, captions = ${p(14)}, wheelchair_access = ${p(15)}, interpreter = ${p(16)},
       accessibility_notes = ${p(17)}, capacity = ${p(18)}, registration_policy = ${p(19)}, registration_opens_at = ${p(20)},
       registration_closes_at = ${p(21)}, updated_at = now()
     WHERE ${where.sql}
     RETURNING ${eventColumns(manager)}`,
    [
      ...where.params,
      d.title,
      d.description,
      d.kind,
      d.format,
      d.stream,
      d.tags,
      d.venue,
      d.joinUrl,
      JSON.stringify(d.speakers),
      speakerMemberIds(d),
      JSON.stringify(d.parts),
      d.learningOutcomes,
      d.cpdHours,
      d.captions,
      d.wheelchairAccess,
      d.interpreter,
      d.accessibilityNotes,
      d.capacity,
      d.registrationPolicy,
      d.registrationOpensAt,
      d.registrationClosesAt,
    ],
  )) as [EventEntity[], number];
  return rows;
}

function speakerMemberIds(details: EventDetails): string[] {
  return [...new Set(details.speakers.map((speaker) => speaker.memberId).filter((id): id is string => id !== null))];
}

export function detailsOf(event: EventEntity): EventDetails {
  return {
    title: event.title,
    description: event.description,
    kind: event.kind,
    format: event.format,
    stream: event.stream,
    tags: event.tags,
    venue: event.venue,
    joinUrl: event.joinUrl,
    speakers: event.speakers,
    parts: event.parts,
    learningOutcomes: event.learningOutcomes,
    cpdHours: Number(event.cpdHours),
    captions: event.captions,
    wheelchairAccess: event.wheelchairAccess,
    interpreter: event.interpreter,
    accessibilityNotes: event.accessibilityNotes,
    capacity: event.capacity,
    registrationPolicy: event.registrationPolicy,
    registrationOpensAt: event.registrationOpensAt,
    registrationClosesAt: event.registrationClosesAt,
  };
}

/** Series occurrences have no absolute registration window: each opens at publication and closes at its start. */
export function templateOf(details: EventDetails): Record<string, unknown> {
  return { ...details, registrationOpensAt: null, registrationClosesAt: null };
}

export function detailsFromTemplate(template: Record<string, unknown>): EventDetails {
  return { ...(template as unknown as EventDetails), registrationOpensAt: null, registrationClosesAt: null };
}

/** Locks an event row for the rest of the transaction; registrations for it queue behind the lock. */
export async function lockEvent(manager: EntityManager, id: string): Promise<EventEntity | null> {
  const rows: EventEntity[] = await manager.query(`SELECT ${eventColumns(manager, 'e')} FROM events e WHERE e.id = $1 AND e.deleted_at IS NULL FOR UPDATE`, [id]);
  return rows[0] ?? null;
}

import { randomInt } from 'node:crypto';
import { errors, eventsContracts, parseInput, publishMany, type Access } from '@praxis/platform';
import type { EventEntity } from '../entities';
import type { Deps } from './deps';
import { forbiddenFor, requireReadable } from './permissions';
import { activityOf } from './publishing';
import type { ReadModel } from './read-model';
import { lockEvent } from './store';
import { localYear } from './times';
import { attendanceSchema } from './validation';

/** No 0/O or 1/I, so a code read aloud or typed from paper comes out right. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE = /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/;

/** Twelve random characters from 32: 60 bits, unguessable, short enough to type. */
export function newCertificateCode(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}

/** A code as people type it (spaces, lower case, no dashes) in its canonical form, or null. */
export function normaliseCode(raw: string): string | null {
  const compact = raw.toUpperCase().replace(/[\s-]/g, '');
  if (compact.length !== 12) return null;
  const code = `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8)}`;
  return CODE.test(code) ? code : null;
}

export interface CertificateRecord {
  code: string;
  eventId: string;
  eventTitle: string;
  attendedOn: Date;
  hours: number;
  memberId: string | null;
  timeZone: string;
}

/** Attendance records, which give CPD hours, and the certificates that prove them. */
export class Attendance {
  constructor(
    private readonly deps: Deps,
    private readonly read: ReadModel,
  ) {}

  async mark(access: Access, raw: unknown): Promise<{ event: EventEntity; changed: number }> {
    const input = parseInput(attendanceSchema, raw);
    const markedBy = access.requireMember();
    const found = await requireReadable(access, await this.read.event(input.eventId));
    if (!found.rights.edit) forbiddenFor(found.community, 'Only coordinators and the organiser can mark attendance.');
    const attended = input.attended ?? true;
    const memberIds = [...new Set(input.memberIds)];
    return this.deps.runtime.transaction(async (manager) => {
      const event = await lockEvent(manager, input.eventId);
      if (!event) throw errors.notFound('Event');
      if (event.status !== 'SCHEDULED') throw errors.conflict('INVALID_STATE', 'Attendance is kept for events that took place.');
      if (new Date(event.startsAt) > this.deps.runtime.clock.now()) throw errors.conflict('INVALID_STATE', 'Attendance can be marked once the event has started.');
      let changed: string[];
      if (attended) {
        const registered: { memberId: string }[] = await manager.query(
          `SELECT member_id AS "memberId" FROM event_registrations WHERE event_id = $1 AND member_id = ANY($2::uuid[]) AND status = 'REGISTERED'`,
          [event.id, memberIds],
        );
        const known = new Set(registered.map((row) => row.memberId));
        const missing = input.memberIds.findIndex((id) => !known.has(id));
        if (missing >= 0) throw errors.badInput(`input.memberIds.${missing}`, 'This member does not hold a place at the event.');
        const rows: { memberId: string }[] = await manager.query(
          `INSERT INTO event_attendance (event_id, community_id, member_id, event_title, attended_on, local_year, cpd_hours, certificate_code, marked_by)
           SELECT $1, $2, m.id, $3, $4, $5, $6, m.code, $7 FROM unnest($8::uuid[], $9::text[]) AS m(id, code)
           ON CONFLICT (event_id, member_id) DO NOTHING
           RETURNING member_id AS "memberId"`,
          [event.id, event.communityId, event.title, event.startsAt, localYear(new Date(event.startsAt), event.timeZone), event.cpdHours, markedBy, memberIds, memberIds.map(() => newCertificateCode())],
        );
        changed = rows.map((row) => row.memberId);
      } else {
        const [rows] = (await manager.query(`DELETE FROM event_attendance WHERE event_id = $1 AND member_id = ANY($2::uuid[]) RETURNING member_id AS "memberId"`, [event.id, memberIds])) as [{ memberId: string }[]];
        changed = rows.map((row) => row.memberId);
      }
      await publishMany(
        manager,
        eventsContracts.EventAttendanceMarked,
        changed.map((memberId) => ({ payload: { ...activityOf(event, memberId), attended, cpdHours: Number(event.cpdHours), markedBy } })),
      );
      return { event, changed: changed.length };
    });
  }

  /** The certificate a code belongs to, or null; malformed codes never reach SQL. */
  async certificate(raw: string): Promise<CertificateRecord | null> {
    const code = normaliseCode(raw);
    if (!code) return null;
    const rows: CertificateRecord[] = await this.deps.runtime.db.query(
      `SELECT a.certificate_code AS code, a.event_id AS "eventId", a.event_title AS "eventTitle", a.attended_on AS "attendedOn",
              a.cpd_hours::float8 AS hours, a.member_id AS "memberId", e.time_zone AS "timeZone"
       FROM event_attendance a JOIN events e ON e.id = a.event_id WHERE a.certificate_code = $1`,
      [code],
    );
    return rows[0] ?? null;
  }
}

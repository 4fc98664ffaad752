import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { eventsContracts, publishMany, SeededRandom, type SeedContext } from '@praxis/platform';
import type { EventKind } from '../entities';
import type { RunningEvents } from '../index';
import { newCertificateCode } from '../events/attendance';
import { localYear, toLocal } from '../events/times';
import { KINDS } from '../events/validation';

export const SCALE_EVENTS = { events: 5_000, inMainCommunity: 4_000, batch: 500, zone: 'Australia/Sydney' };

const STREAMS = ['People', 'Practice', 'Research', 'Leadership'];
const TAGS = ['aged care', 'mental health', 'paediatrics', 'rural', 'co-design', 'safety', 'communication', 'digital health'];

interface ScaleEvent {
  id: string;
  communityId: string;
  networkId: string;
  kind: EventKind;
  startsAt: Date;
  endsAt: Date;
  capacity: number | null;
  cpdHours: number;
  stream: string;
  tags: string[];
  registrants: string[];
}

/**
 * About 5,000 events over two years back and six months ahead in the scale network, 4,000 of
 * them in the 10,000-member community, with about 100,000 registrations (waitlists where full)
 * and attendance for past events. Bulk statements per batch of 500 events, from the fixed seed.
 */
export async function seedScale(running: RunningEvents, context: SeedContext): Promise<void> {
  const { runtime } = running;
  const main = context.manifest.communities.scale;
  if (!main) throw new Error('events scale data builds on membership scale data');
  const existing = await runtime.db.query(`SELECT 1 FROM events WHERE community_id = $1 LIMIT 1`, [main.id]);
  if (existing.length > 0) return;
  const random = new SeededRandom(context.randomSeed + 6);
  const organiser = context.manifest.members.admin ?? context.manifest.members.coordinator!;
  const now = Date.now();
  const from = now - 730 * 86_400_000;
  const to = now + 183 * 86_400_000;
  const others = Array.from({ length: 20 }, (_, i) => `scale-${i + 1}`).filter((key) => context.manifest.communities[key]);

  context.progress.start('events scale', SCALE_EVENTS.events);
  for (let start = 0; start < SCALE_EVENTS.events; start += SCALE_EVENTS.batch) {
    const batch: ScaleEvent[] = [];
    for (let i = start; i < Math.min(start + SCALE_EVENTS.batch, SCALE_EVENTS.events); i += 1) {
      const key = i < SCALE_EVENTS.inMainCommunity ? 'scale' : others[i % others.length]!;
      const community = context.manifest.communities[key]!;
      const startsAt = new Date(Math.floor(random.date(new Date(from), new Date(to)).getTime() / 900_000) * 900_000);
      const pool = context.manifest.communityMembers[key] ?? [];
      batch.push({
        id: randomUUID(),
        communityId: community.id,
        networkId: community.networkId,
        kind: random.pick(KINDS),
        startsAt,
        endsAt: new Date(startsAt.getTime() + random.pick([60, 90, 120]) * 60_000),
        capacity: random.chance(0.4) ? random.int(15, 40) : null,
        cpdHours: random.pick([0, 1, 1, 1.5, 2]),
        stream: random.pick(STREAMS),
        tags: random.sample(TAGS, random.int(0, 2)),
        registrants: random.sample(pool, random.int(5, 35)),
      });
    }
    await runtime.transaction((manager) => insertBatch(manager, batch, organiser, random, now));
    context.progress.increment(batch.length);
  }
  context.progress.stop();
}

const titleOf = (e: ScaleEvent, i: number) => `Scale ${e.kind.toLowerCase().replace(/_/g, ' ')} ${i + 1}`;

async function insertBatch(manager: EntityManager, batch: ScaleEvent[], organiser: string, random: SeededRandom, now: number): Promise<void> {
  const zone = SCALE_EVENTS.zone;
  await manager.query(
    `INSERT INTO events (id, community_id, network_id, status, title, description, kind, stream, tags, local_start, local_end, time_zone,
                         starts_at, ends_at, cpd_hours, capacity, registered_count, waitlist_count, organiser_id, created_by, created_at)
     SELECT id, community_id, network_id, 'SCHEDULED', title, 'Generated for scale testing.', kind, stream, string_to_array(tags, '|'), local_start, local_end, $1,
            starts_at, ends_at, cpd_hours, capacity, registered, waiting, $2, $2, starts_at - interval '30 days'
     FROM unnest($3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
                 $12::timestamptz[], $13::timestamptz[], $14::numeric[], $15::int[], $16::int[], $17::int[])
       AS t(id, community_id, network_id, title, kind, stream, tags, local_start, local_end, starts_at, ends_at, cpd_hours, capacity, registered, waiting)`,
    [
      zone,
      organiser,
      batch.map((e) => e.id),
      batch.map((e) => e.communityId),
      batch.map((e) => e.networkId),
      batch.map((e, i) => titleOf(e, i)),
      batch.map((e) => e.kind),
      batch.map((e) => e.stream),
      batch.map((e) => e.tags.join('|')),
      batch.map((e) => toLocal(e.startsAt, zone)),
      batch.map((e) => toLocal(e.endsAt, zone)),
      batch.map((e) => e.startsAt),
      batch.map((e) => e.endsAt),
      batch.map((e) => e.cpdHours),
      batch.map((e) => e.capacity),
      batch.map((e) => Math.min(e.registrants.length, e.capacity ?? Infinity)),
      batch.map((e) => Math.max(0, e.registrants.length - (e.capacity ?? Infinity))),
    ],
  );
  const regs = batch.flatMap((e) =>
    e.registrants.map((memberId, index) => ({
      event: e,
      memberId,
      status: e.capacity === null || index < e.capacity ? ('REGISTERED' as const) : ('WAITLISTED' as const),
      at: new Date(e.startsAt.getTime() - random.int(1, 30) * 86_400_000),
    })),
  );
  await manager.query(
    `INSERT INTO event_registrations (event_id, community_id, member_id, status, registered_at)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[])`,
    [regs.map((r) => r.event.id), regs.map((r) => r.event.communityId), regs.map((r) => r.memberId), regs.map((r) => r.status), regs.map((r) => r.at)],
  );
  const attended = regs.filter((r) => r.status === 'REGISTERED' && r.event.endsAt.getTime() < now && random.chance(0.7));
  await manager.query(
    `INSERT INTO event_attendance (event_id, community_id, member_id, event_title, attended_on, local_year, cpd_hours, certificate_code, marked_by, marked_at)
     SELECT t.event_id, t.community_id, t.member_id, e.title, e.starts_at, t.year, e.cpd_hours, t.code, $6, e.ends_at
     FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::text[]) AS t(event_id, community_id, member_id, year, code)
     JOIN events e ON e.id = t.event_id`,
    [attended.map((r) => r.event.id), attended.map((r) => r.event.communityId), attended.map((r) => r.memberId), attended.map((r) => localYear(r.event.startsAt, zone)), attended.map(() => newCertificateCode()), organiser],
  );
  const activity = (r: (typeof regs)[number]) => ({ eventId: r.event.id, seriesId: null, memberId: r.memberId, communityId: r.event.communityId, networkId: r.event.networkId, eventStartsAt: r.event.startsAt.toISOString() });
  await publishMany(
    manager,
    eventsContracts.EventChanged,
    batch.map((e, i) => ({ occurredAt: new Date(e.startsAt.getTime() - 30 * 86_400_000), payload: { eventId: e.id, networkId: e.networkId, communityId: e.communityId, change: 'CREATED' as const, startsAt: e.startsAt.toISOString(), endsAt: e.endsAt.toISOString(), title: titleOf(e, i) } })),
  );
  await publishMany(manager, eventsContracts.EventRegistered, regs.map((r) => ({ occurredAt: r.at, payload: { ...activity(r), status: r.status, viaSeries: false } })));
  await publishMany(manager, eventsContracts.EventAttendanceMarked, attended.map((r) => ({ occurredAt: r.event.endsAt, payload: { ...activity(r), attended: true, cpdHours: r.event.cpdHours, markedBy: organiser } })));
}

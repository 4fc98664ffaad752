import { parseInput, type ServiceRuntime } from '@praxis/platform';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { CHANNELS, NOTIFICATION_KINDS, PreferencesEntity, type Channel, type DigestFrequency, type NotificationKind } from '../entities';
import { validTimeZone } from './delivery/schedule';
import { channelFor, DEFAULT_CHANNELS, DIGEST_DEFAULTS, FALLBACK_TIME_ZONE } from './kinds';
import type { PreferencesView } from './records';

const updateInput = z.object({
  channels: z
    .array(z.object({ kind: z.enum(NOTIFICATION_KINDS), channel: z.enum(CHANNELS) }))
    .max(NOTIFICATION_KINDS.length * 2)
    .nullish(),
  digestFrequency: z.enum(['OFF', 'DAILY', 'WEEKLY']).nullish(),
  digestWeekday: z.number().int().min(1, 'The weekday is 1 (Monday) to 7 (Sunday).').max(7, 'The weekday is 1 (Monday) to 7 (Sunday).').nullish(),
  digestHour: z.number().int().min(0, 'The hour is 0 to 23.').max(23, 'The hour is 0 to 23.').nullish(),
  timeZone: z
    .string()
    .max(100)
    .refine((zone) => validTimeZone(zone), 'Not a known IANA time zone, such as Europe/London.')
    .nullish(),
});

export type PreferencesInput = z.input<typeof updateInput>;

interface Stored {
  channels: Partial<Record<NotificationKind, Channel>>;
  digestFrequency: DigestFrequency;
  digestWeekday: number;
  digestHour: number;
  timeZone: string;
}

/** Members' choices of how they are told; a member who never chose has the defaults, and no row. */
export class Preferences {
  constructor(private readonly runtime: ServiceRuntime) {}

  /** Each member's preferences with defaults filled in, in key order, in two statements for the batch. */
  async of(memberIds: readonly string[]): Promise<PreferencesView[]> {
    const ids = [...new Set(memberIds)];
    const rows = ids.length ? await this.runtime.db.getRepository(PreferencesEntity).createQueryBuilder('p').where('p.member_id = ANY(:ids)', { ids }).getMany() : [];
    const undeliverable: { member_id: string; marked_at: Date }[] = await this.runtime.db.query(
      'SELECT member_id, marked_at FROM undeliverable WHERE member_id = ANY($1::uuid[]) AND marked_at IS NOT NULL',
      [ids],
    );
    const missing = ids.filter((id) => !rows.some((row) => row.memberId === id));
    const zones = await this.defaultTimeZones(this.runtime.db.manager, missing);
    return memberIds.map((id) => {
      const row = rows.find((candidate) => candidate.memberId === id);
      const marked = undeliverable.find((candidate) => candidate.member_id === id)?.marked_at ?? null;
      return view(row ?? defaults(zones.get(id) ?? FALLBACK_TIME_ZONE), marked);
    });
  }

  /** Changes what the input names, in one transaction; the rest stays. Bad input is BAD_USER_INPUT naming the field. */
  async update(memberId: string, input: PreferencesInput): Promise<PreferencesView> {
    const change = parseInput(updateInput, input);
    await this.runtime.transaction(async (manager) => {
      const repository = manager.getRepository(PreferencesEntity);
      const current = (await repository.findOne({ where: { memberId }, lock: { mode: 'pessimistic_write' } })) ?? defaults((await this.defaultTimeZones(manager, [memberId])).get(memberId) ?? FALLBACK_TIME_ZONE);
      const channels = { ...current.channels };
      for (const { kind, channel } of change.channels ?? []) {
        // Only choices that differ from the default are kept, so a default that changes reaches everyone who never chose.
        if (channel === DEFAULT_CHANNELS[kind]) delete channels[kind];
        else channels[kind] = channel;
      }
      await repository.upsert(
        {
          memberId,
          channels,
          digestFrequency: change.digestFrequency ?? current.digestFrequency,
          digestWeekday: change.digestWeekday ?? current.digestWeekday,
          digestHour: change.digestHour ?? current.digestHour,
          timeZone: change.timeZone ?? current.timeZone,
          updatedAt: this.runtime.clock.now(),
        },
        ['memberId'],
      );
    });
    return (await this.of([memberId]))[0]!;
  }

  /** The time zone of the network of each member's first community, where they have one. */
  private async defaultTimeZones(manager: EntityManager, memberIds: string[]): Promise<Map<string, string>> {
    if (memberIds.length === 0) return new Map();
    const rows: { member_id: string; time_zone: string }[] = await manager.query(
      `SELECT DISTINCT ON (m.member_id) m.member_id, n.time_zone FROM community_members m JOIN networks n ON n.id = m.network_id
       WHERE m.member_id = ANY($1::uuid[]) ORDER BY m.member_id, m.joined_at, m.community_id`,
      [memberIds],
    );
    return new Map(rows.map((row) => [row.member_id, row.time_zone]));
  }
}

function defaults(timeZone: string): Stored {
  return { channels: {}, digestFrequency: DIGEST_DEFAULTS.frequency, digestWeekday: DIGEST_DEFAULTS.weekday, digestHour: DIGEST_DEFAULTS.hour, timeZone };
}

function view(stored: Stored, undeliverableSince: Date | null): PreferencesView {
  return {
    channels: NOTIFICATION_KINDS.map((kind) => ({ kind, channel: channelFor(stored.channels, kind) })),
    digestFrequency: stored.digestFrequency,
    digestWeekday: stored.digestWeekday,
    digestHour: stored.digestHour,
    timeZone: stored.timeZone,
    emailUndeliverable: undeliverableSince !== null,
    emailUndeliverableSince: undeliverableSince,
  };
}

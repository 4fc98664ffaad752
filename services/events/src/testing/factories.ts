import { DateTime } from 'luxon';
import { Access, memberViewer, type Viewer } from '@praxis/platform';
import type { EventEntity, RegistrationEntity } from '../entities';
import type { RunningEvents } from '../index';

type Person = { id: string };
type CommunityWithCoordinator = { id: string; coordinator: Person };

/** A local time `days` from now in a zone, as the API takes it. */
export function localIn(zone: string, days: number, time = '19:00'): string {
  return `${DateTime.now().setZone(zone).plus({ days }).toFormat('yyyy-LL-dd')}T${time}`;
}

/**
 * Events test data through the domain, with the coordinator's live permissions, so every
 * factory-built event obeys the same rules and publishes the same events as real use.
 */
export class EventsFactories {
  constructor(private readonly running: RunningEvents) {}

  get domain() {
    return this.running.domain;
  }

  access(person: Person | Viewer | null): Access {
    const viewer = person === null ? { memberId: null, scopes: ['read'] as const, source: 'anonymous' as const } : 'scopes' in person ? person : memberViewer(person.id);
    return new Access(this.domain.deps.accessSource, viewer);
  }

  /** An upcoming event, by default a week ahead, 19:00 to 20:30 in Perth. */
  async event(community: CommunityWithCoordinator, input: Record<string, unknown> = {}, by: Person = community.coordinator): Promise<EventEntity> {
    const zone = (input.timeZone as string | undefined) ?? 'Australia/Perth';
    return this.domain.lifecycle.create(this.access(by), {
      communityId: community.id,
      title: 'Monthly webinar',
      kind: 'WEBINAR',
      localStart: localIn(zone, 7, '19:00'),
      localEnd: localIn(zone, 7, '20:30'),
      timeZone: zone,
      joinUrl: 'https://meet.example.org/webinar',
      ...input,
    });
  }

  async register(event: Pick<EventEntity, 'id'>, person: Person, wholeSeries = false): Promise<RegistrationEntity[]> {
    return (await this.domain.registrations.register(this.access(person), { eventId: event.id, wholeSeries })).registrations;
  }

  /** An event that took place last month, with these people registered and marked as attending. */
  async attendedEvent(community: CommunityWithCoordinator, attendees: Person[], input: Record<string, unknown> = {}): Promise<EventEntity> {
    const zone = (input.timeZone as string | undefined) ?? 'Australia/Perth';
    const event = await this.event(community, { cpdHours: 1.5, ...input });
    for (const person of attendees) await this.register(event, person);
    // Planned ahead, then dated to when it happened, as a coordinator records a past meeting.
    const moved = await this.domain.lifecycle.reschedule(this.access(community.coordinator), { id: event.id, localStart: localIn(zone, -30, '19:00'), localEnd: localIn(zone, -30, '20:30') });
    if (attendees.length > 0) await this.domain.attendance.mark(this.access(community.coordinator), { eventId: event.id, memberIds: attendees.map((person) => person.id) });
    return moved;
  }
}

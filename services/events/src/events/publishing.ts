import type { EntityManager } from 'typeorm';
import { eventsContracts, publish, publishMany } from '@praxis/platform';
import type { EventEntity } from '../entities';

export type LifecycleChange = 'CREATED' | 'UPDATED' | 'RESCHEDULED' | 'CANCELLED' | 'DELETED';

function lifecyclePayload(event: EventEntity, change: LifecycleChange) {
  return {
    eventId: event.id,
    networkId: event.networkId,
    communityId: event.communityId,
    change,
    startsAt: new Date(event.startsAt).toISOString(),
    endsAt: new Date(event.endsAt).toISOString(),
    title: event.title,
  };
}

/** Tells other services (discussion, resources, reports, notifications) about a published event's lifecycle. */
export async function publishLifecycle(manager: EntityManager, events: EventEntity[], change: LifecycleChange): Promise<void> {
  if (events.length === 1) await publish(manager, eventsContracts.EventChanged, lifecyclePayload(events[0]!, change));
  else await publishMany(manager, eventsContracts.EventChanged, events.map((event) => ({ payload: lifecyclePayload(event, change) })));
}

export function activityOf(event: Pick<EventEntity, 'id' | 'seriesId' | 'communityId' | 'networkId' | 'startsAt'>, memberId: string) {
  return {
    eventId: event.id,
    seriesId: event.seriesId,
    memberId,
    communityId: event.communityId,
    networkId: event.networkId,
    eventStartsAt: new Date(event.startsAt).toISOString(),
  };
}

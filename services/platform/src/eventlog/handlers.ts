import type { EntityManager } from 'typeorm';
import type { ConsumerDefinition } from './consumer';
import type { EventDefinition, EventEnvelope, EventPayload } from './envelope';

/** A handler bound to one version of one contract; see `on`. */
export interface EventHandler {
  readonly contract: EventDefinition;
  handle(event: EventEnvelope, manager: EntityManager): Promise<void>;
}

/** Whether an envelope is this version of this contract; narrows its payload to the contract's type. */
export function isEvent<D extends EventDefinition>(contract: D, event: EventEnvelope): event is EventEnvelope<EventPayload<D>> {
  // Types carry their publisher's prefix ("membership.NetworkChanged"), so type and version name one contract.
  return event.type === contract.type && event.version === contract.version;
}

/**
 * Handles one contract version with its payload typed. The consumer runner has already parsed
 * the payload with the contract's schema, so the type here is earned, not asserted by each
 * consumer with `event.payload as …`.
 */
export function on<D extends EventDefinition>(contract: D, handle: (event: EventEnvelope<EventPayload<D>>, manager: EntityManager) => Promise<void>): EventHandler {
  return {
    contract,
    handle: (event, manager) => handle(event as EventEnvelope<EventPayload<D>>, manager),
  };
}

/**
 * A consumer made of `on(...)` handlers: it subscribes to exactly their contracts and hands each
 * event to the handler of its type and version. An event none of them declared is a wiring
 * mistake (the runner never delivers one), so it fails loudly rather than being dropped.
 */
export function defineConsumer(name: string, ...handlers: EventHandler[]): ConsumerDefinition {
  return {
    name,
    events: handlers.map((handler) => handler.contract),
    async handle(event, manager) {
      const handler = handlers.find((candidate) => isEvent(candidate.contract, event));
      if (!handler) throw new Error(`consumer ${name} has no handler for ${event.type}@${event.version}`);
      await handler.handle(event, manager);
    },
  };
}

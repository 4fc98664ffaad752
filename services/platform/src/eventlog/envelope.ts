import type { z } from 'zod';

/** An event as it travels through the log. */
export interface EventEnvelope<P = unknown> {
  id: string;
  type: string;
  version: number;
  publisher: string;
  /** Gap-free, per publisher, assigned when the event enters the log. */
  seq: number;
  occurredAt: Date;
  /**
   * When the event entered the log (the database's time). Far after occurredAt means a
   * backdated event, such as the demo's history: notifications never announces those.
   */
  recordedAt?: Date;
  payload: P;
}

export interface EventDefinition<T extends string = string, S extends z.ZodType = z.ZodType> {
  readonly type: T;
  readonly version: number;
  readonly publisher: string;
  readonly schema: S;
}

export type EventPayload<D> = D extends EventDefinition<string, infer S> ? z.infer<S> : never;

/**
 * Declares one version of one event type. Payload schemas are the contract between services:
 * a publisher validates before it writes, a consumer parses what it reads.
 * A breaking change is a new version; old versions stay readable for replay.
 */
export function defineEvent<T extends string, S extends z.ZodType>(publisher: string, type: T, version: number, schema: S): EventDefinition<T, S> {
  return { publisher, type, version, schema };
}

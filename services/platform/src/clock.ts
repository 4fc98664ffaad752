/**
 * Where a service reads the time when the time decides what happens: a reminder is due, a token
 * has expired, a series reaches its horizon. Production uses the system clock; tests hold a
 * TestClock and move it, instead of waiting or backdating rows.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = {
  now: () => new Date(),
};

/**
 * The clock of the service whose transaction this manager runs: ServiceRuntime.transaction puts it
 * on the query runner, so code that only holds a manager (publishing an event) reads the same time.
 */
export function clockOf(manager: { queryRunner?: { data?: unknown } }): Clock {
  const data = manager.queryRunner?.data as { clock?: Clock } | undefined;
  return data?.clock ?? systemClock;
}

export type Duration = { days?: number; hours?: number; minutes?: number; seconds?: number; ms?: number };

const toMs = (by: number | Duration): number =>
  typeof by === 'number' ? by : (by.days ?? 0) * 86_400_000 + (by.hours ?? 0) * 3_600_000 + (by.minutes ?? 0) * 60_000 + (by.seconds ?? 0) * 1000 + (by.ms ?? 0);

/** A clock that stands still until told: set it, or advance it by a duration. */
export class TestClock implements Clock {
  private current: number;

  constructor(start: Date | string = new Date()) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }

  /** Moves time forward (or back, with a negative amount); milliseconds, or a duration. */
  advance(by: number | Duration): Date {
    this.current += toMs(by);
    return this.now();
  }
}

import { systemClock, type Clock } from '../clock';

/**
 * The one clock every service of a seeding process shares. It follows the system clock, except
 * while the demo seed replays history: then it stands at the moment of each past action, so the
 * domain writes rows and publishes events dated as they would have been, through the same code.
 */
export class SeedingClock implements Clock {
  private pinned: number | null = null;
  private begun = false;

  now(): Date {
    return this.pinned === null ? systemClock.now() : new Date(this.pinned);
  }

  /** Stands the clock at a past moment; the next action runs as if it happened then. */
  at(moment: Date): void {
    this.begun = true;
    this.pinned = moment.getTime();
  }

  /** Back to the system's time. */
  release(): void {
    this.pinned = null;
  }

  /** Whether a seed has begun writing history with this clock: demo data is being, or was, written in this process. */
  get seedBegun(): boolean {
    return this.begun;
  }

  /** Whether the clock stands in the past: what happens now is history being written. */
  get replaying(): boolean {
    return this.pinned !== null && this.pinned < Date.now();
  }

  /** Runs each action at its moment, oldest first, and hands the clock back to the system after. */
  async replay(actions: TimedAction[]): Promise<void> {
    const ordered = actions.map((action, index) => ({ action, index })).sort((a, b) => a.action.at.getTime() - b.action.at.getTime() || a.index - b.index);
    try {
      for (const { action } of ordered) {
        this.at(action.at);
        await action.run();
      }
    } finally {
      this.release();
    }
  }
}

export interface TimedAction {
  at: Date;
  run(): Promise<unknown>;
}

/**
 * True while a seeding clock writes history: messages that would have gone out at the time
 * (emails, reminders) are not sent now, years late, to the demo's people.
 */
export function replayingHistory(clock: Clock): boolean {
  return clock instanceof SeedingClock && clock.replaying;
}

/**
 * True once a seeding clock has begun writing the demo in this process. Notifications treats
 * what a seed writes, its present-day conversations included, as demo data nobody is told about.
 */
export function seedBegun(clock: Clock): boolean {
  return clock instanceof SeedingClock && clock.seedBegun;
}

import { defineConsumer, membershipContracts, on, type ConsumerDefinition } from '@praxis/platform';
import { Attendance } from './attendance';
import { Calendars } from './calendars';
import type { Deps } from './deps';
import { Lifecycle } from './lifecycle';
import { MemberNames } from './member-names';
import { ReadModel } from './read-model';
import { Registrations } from './registrations';
import { EventReports } from './reports';
import { Reminders } from './reminders';
import { Series } from './series';
import { CalendarTokens } from './tokens';

/** The events domain, assembled once per process. Resolvers and HTTP routes call it. */
export class EventsDomain {
  readonly read: ReadModel;
  readonly registrations: Registrations;
  readonly reminders: Reminders;
  readonly series: Series;
  readonly lifecycle: Lifecycle;
  readonly attendance: Attendance;
  readonly tokens: CalendarTokens;
  readonly calendars: Calendars;
  readonly names: MemberNames;
  readonly reports: EventReports;

  constructor(readonly deps: Deps) {
    this.read = new ReadModel(deps.runtime.db, deps.runtime.clock);
    this.registrations = new Registrations(deps, this.read);
    this.reminders = new Reminders(deps);
    this.series = new Series(deps, this.registrations, this.reminders);
    this.lifecycle = new Lifecycle(deps, this.read, this.series, this.reminders, this.registrations);
    this.attendance = new Attendance(deps, this.read);
    this.tokens = new CalendarTokens(deps.runtime.db);
    this.calendars = new Calendars(deps, this.read, this.tokens);
    this.names = new MemberNames(deps.contacts);
    this.reports = new EventReports(deps.runtime.db);
  }

  registerJobs(): void {
    this.reminders.registerJobs();
    this.series.registerJobs();
  }

  /** Membership's AccountDeleted: anonymise what this service holds about the member. */
  consumers(): ConsumerDefinition[] {
    return [
      defineConsumer(
        'events.account-deleted',
        on(membershipContracts.AccountDeleted, ({ payload }, manager) => this.registrations.forgetMember(manager, payload.memberId)),
      ),
    ];
  }
}

export type { Deps } from './deps';
export type { EventsConfig } from './config';

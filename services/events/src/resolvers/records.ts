import type { Connection } from '@praxis/platform';
import type { AttendanceEntity, EventEntity, RegistrationEntity } from '../entities';
import type { MemberScope } from '../events/read-model';

/** A `Community` or `Member` owned by membership: this subgraph knows only its key. */
export interface EntityReference {
  id: string;
}

/** The viewer, as membership names them in a `Viewer` reference. */
export interface ViewerReference {
  memberId: string;
}

/** The parent of `EventCpdLog` fields: whose log, and how much of it the viewer may see. */
export interface CpdLogRecord {
  scope: MemberScope;
}

export type EventPage = Connection<EventEntity>;
export type RegistrationPage = Connection<RegistrationEntity>;
export type CpdEntryPage = Connection<AttendanceEntity>;

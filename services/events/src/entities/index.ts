import { EventEntity, EventSeriesEntity } from './event';
import { AttendanceEntity, RegistrationEntity } from './registration';

export * from './event';
export * from './registration';

export const entities = [EventEntity, EventSeriesEntity, RegistrationEntity, AttendanceEntity];

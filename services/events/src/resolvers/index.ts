import type { Resolvers } from '../__generated__/resolvers';
import { Community } from './Community';
import { Event, EventSeries } from './Event';
import { EventCpdEntry, EventCpdLog, EventRegistration } from './EventRegistration';
import { Member } from './Member';
import { Mutation } from './Mutation';
import { Query } from './Query';
import { Viewer } from './Viewer';
import { ReportAmountCell, ReportBucket, ReportCell } from './Report';
import { DateTimeScalar as DateTime } from '@praxis/platform';

export const resolvers: Resolvers = {
  DateTime,
  Query,
  Mutation,
  Event,
  EventSeries,
  EventRegistration,
  EventCpdEntry,
  EventCpdLog,
  Community,
  Member,
  Viewer,
  ReportBucket,
  ReportCell,
  ReportAmountCell,
};

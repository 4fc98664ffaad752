import { expectMigrationsRoundTrip } from '@praxis/platform/testing';
import { service } from '../index';

expectMigrationsRoundTrip(service, {
  // The platform's outbox and event positions belong to the migration before notifications' own.
  reverted: { NotificationsInitial1766000000000: (schema) => expect(schema.tables).toEqual(['event_positions', 'outbox']) },
});

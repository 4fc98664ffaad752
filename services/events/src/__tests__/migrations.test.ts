import { expectMigrationsRoundTrip } from '@praxis/platform/testing';
import { service } from '../index';

expectMigrationsRoundTrip(service);

import { DateTimeScalar as DateTime } from '@praxis/platform';
import type { Resolvers } from '../__generated__/resolvers';
import { Community } from './Community';
import { Mutation } from './Mutation';
import { Notification, NotificationTarget } from './Notification';
import { Query } from './Query';
import { Viewer } from './Viewer';

export const resolvers: Resolvers = { DateTime, Query, Mutation, Viewer, Notification, NotificationTarget, Community };

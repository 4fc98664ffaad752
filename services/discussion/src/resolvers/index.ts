import type { Resolvers } from '../__generated__/resolvers';
import { Community } from './Community';
import { DiscussionForum } from './DiscussionForum';
import { DiscussionPost } from './DiscussionPost';
import { DiscussionThread } from './DiscussionThread';
import { Member } from './Member';
import {
  DiscussionModerationAction,
  DiscussionModerationItem,
  DiscussionPostRevision,
  DiscussionReactionSummary,
  DiscussionReport,
  DiscussionSearchHit,
  DiscussionSettings,
} from './Moderation';
import { Mutation } from './Mutation';
import { Query } from './Query';
import { ReportBucket } from './Report';
import { DateTimeScalar as DateTime } from '@praxis/platform';
import { DiscussionSubject, Event, Resource } from './Subjects';

export const resolvers: Resolvers = {
  DateTime,
  Query,
  Mutation,
  Community,
  Member,
  Resource,
  Event,
  DiscussionSubject,
  DiscussionForum,
  DiscussionThread,
  DiscussionPost,
  DiscussionModerationItem,
  DiscussionReport,
  DiscussionModerationAction,
  DiscussionSettings,
  DiscussionPostRevision,
  DiscussionReactionSummary,
  DiscussionSearchHit,
  ReportBucket,
};

import type { Resolvers } from '../__generated__/resolvers';
import { Community } from './Community';
import { Event } from './Event';
import { LibraryCommunityCount, LibraryFacets, LibraryResourceConnection, LibraryTag, LibraryTagCount, ResourceCollection, ResourceTopicCount } from './Library';
import { Member } from './Member';
import { Viewer } from './Viewer';
import { Mutation } from './Mutation';
import { Query } from './Query';
import { ReportBucket } from './Report';
import { Resource, ResourceEventLink, ResourceFile, ResourceLinkHealth, ResourceRevision } from './Resource';
import { DateTimeScalar as DateTime } from '@praxis/platform';

export const resolvers: Resolvers = {
  DateTime,
  Query,
  Mutation,
  Community,
  Member,
  Viewer,
  Event,
  Resource,
  ResourceLinkHealth,
  ResourceFile,
  ResourceRevision,
  ResourceEventLink,
  LibraryResourceConnection,
  LibraryFacets,
  ResourceTopicCount,
  LibraryTagCount,
  LibraryCommunityCount,
  LibraryTag,
  ResourceCollection,
  ReportBucket,
};

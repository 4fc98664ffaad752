import { ForumFollowEntity, ForumReadEntity, ReactionEntity, ThreadFollowEntity, ThreadReadEntity, ThreadViewEntity } from './engagement';
import { CommunitySettingsEntity, ForumEntity } from './forum';
import { ModerationLogEntity, ReportEntity } from './moderation';
import { NetworkZoneEntity, SubjectEntity } from './projections';
import { MentionEntity, PostEntity, PostRevisionEntity, ThreadEntity } from './thread';

export * from './engagement';
export * from './forum';
export * from './moderation';
export * from './projections';
export * from './thread';

export const entities = [
  CommunitySettingsEntity,
  ForumEntity,
  ThreadEntity,
  PostEntity,
  PostRevisionEntity,
  MentionEntity,
  ReactionEntity,
  ThreadViewEntity,
  ThreadFollowEntity,
  ForumFollowEntity,
  ThreadReadEntity,
  ForumReadEntity,
  ReportEntity,
  ModerationLogEntity,
  SubjectEntity,
  NetworkZoneEntity,
];

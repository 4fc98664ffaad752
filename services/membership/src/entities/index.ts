import { AuditRecordEntity } from './audit';
import { ApiTokenEntity, EmailTokenEntity, RefreshTokenEntity, SignInThrottleEntity } from './credentials';
import { ApplicationQuestionEntity, CommunityEntity } from './community';
import { AccountEntity, ExternalIdentityEntity, MemberEntity, NetworkProfileEntity } from './member';
import { InvitationEntity, JoinRequestEntity, MembershipEntity, MembershipHistoryEntity } from './membership';
import { NetworkEntity, NetworkRoleEntity, TermEntity } from './network';
import { RecoveryCodeEntity, SecondFactorEntity } from './second-factor';
import { SessionEntity } from './sessions';

export * from './audit';
export * from './credentials';
export * from './community';
export * from './member';
export * from './membership';
export * from './network';
export * from './second-factor';
export * from './sessions';

export const entities = [
  NetworkEntity,
  NetworkRoleEntity,
  TermEntity,
  CommunityEntity,
  ApplicationQuestionEntity,
  MemberEntity,
  AccountEntity,
  NetworkProfileEntity,
  ExternalIdentityEntity,
  MembershipEntity,
  MembershipHistoryEntity,
  JoinRequestEntity,
  InvitationEntity,
  RefreshTokenEntity,
  EmailTokenEntity,
  ApiTokenEntity,
  SignInThrottleEntity,
  SecondFactorEntity,
  RecoveryCodeEntity,
  SessionEntity,
  AuditRecordEntity,
];

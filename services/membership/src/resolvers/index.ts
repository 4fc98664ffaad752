import type { Resolvers } from '../__generated__/resolvers';
import { AuditRecord } from './Audit';
import { Community } from './Community';
import { CommunityMembership } from './CommunityMembership';
import { Invitation, InvitationPreview } from './Invitation';
import { JoinRequest } from './JoinRequest';
import { Member } from './Member';
import { Mutation } from './Mutation';
import { Network } from './Network';
import { Query } from './Query';
import { DateScalar, DateTimeScalar as DateTime } from '@praxis/platform';
import { JSONScalar } from './scalars';
import { ApiToken, MembershipHistoryEntry, NetworkProfile, NetworkRoleGrant, Term } from './Term';
import { Viewer } from './Viewer';
import { ActivityEntry, MemberEngagement, ParticipationReport, ReportAmountCell, ReportBucket, ReportCell } from './Report';

export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime,
  JSON: JSONScalar,
  Query,
  Mutation,
  Network,
  Community,
  CommunityMembership,
  Member,
  Viewer,
  JoinRequest,
  Invitation,
  InvitationPreview,
  Term,
  NetworkProfile,
  NetworkRoleGrant,
  MembershipHistoryEntry,
  ApiToken,
  ParticipationReport,
  ReportBucket,
  ReportCell,
  ReportAmountCell,
  MemberEngagement,
  ActivityEntry,
  AuditRecord,
};

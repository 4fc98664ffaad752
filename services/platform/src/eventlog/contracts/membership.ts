import { z } from 'zod';
import { defineEvent } from '../envelope';

const PUBLISHER = 'membership';

export const PARTICIPANT_TYPES = ['STAFF', 'CONSUMER_REPRESENTATIVE', 'CARER_REPRESENTATIVE', 'VOLUNTEER', 'PRACTITIONER', 'OTHER'] as const;
export type ParticipantType = (typeof PARTICIPANT_TYPES)[number];

const id = z.uuid();
const role = z.enum(['MEMBER', 'MODERATOR', 'COORDINATOR']);

/**
 * The attributes reports break participation down by, as they were when the event happened
 * (docs/adr/0005-report-attributes-at-time-of-activity.md). Profession and region are the
 * member's answers in the network the event belongs to.
 */
export const memberAttributes = z.object({
  participantType: z.enum(PARTICIPANT_TYPES),
  professionTermId: id.nullable(),
  regionTermId: id.nullable(),
});
export type MemberAttributes = z.infer<typeof memberAttributes>;

const communityScope = { communityId: id, networkId: id };

export const NetworkChanged = defineEvent(PUBLISHER, 'membership.NetworkChanged', 1, z.object({
  networkId: id,
  slug: z.string(),
  name: z.string(),
  timeZone: z.string(),
  created: z.boolean(),
}));

/** A vocabulary term was added or changed; other services keep projections to validate and label. */
export const TermChanged = defineEvent(PUBLISHER, 'membership.TermChanged', 1, z.object({
  termId: id,
  networkId: id,
  kind: z.enum(['PROFESSION', 'REGION', 'TOPIC']),
  label: z.string(),
  position: z.number().int(),
  archived: z.boolean(),
}));

export const CommunityChanged = defineEvent(PUBLISHER, 'membership.CommunityChanged', 1, z.object({
  ...communityScope,
  slug: z.string(),
  name: z.string(),
  visibility: z.enum(['PUBLIC', 'MEMBERS_ONLY']),
  joinPolicy: z.enum(['OPEN', 'APPROVAL', 'INVITATION']),
  archived: z.boolean(),
  /** What happened: created, changed (details), or archived/unarchived. */
  change: z.enum(['CREATED', 'CHANGED', 'ARCHIVED', 'UNARCHIVED']),
}));

export const MemberJoined = defineEvent(PUBLISHER, 'membership.MemberJoined', 1, z.object({
  ...communityScope,
  memberId: id,
  role,
  via: z.enum(['OPEN', 'APPROVAL', 'INVITATION', 'CREATED_COMMUNITY', 'ADMIN']),
  attributes: memberAttributes,
}));

export const MemberRoleChanged = defineEvent(PUBLISHER, 'membership.MemberRoleChanged', 1, z.object({
  ...communityScope,
  memberId: id,
  from: role,
  to: role,
  changedBy: id,
}));

export const MemberLeft = defineEvent(PUBLISHER, 'membership.MemberLeft', 1, z.object({
  ...communityScope,
  memberId: id,
  /** LEFT by choice, REMOVED or BANNED by a coordinator, or ACCOUNT_DELETED. */
  reason: z.enum(['LEFT', 'REMOVED', 'BANNED', 'ACCOUNT_DELETED']),
  actorId: id.nullable(),
  attributes: memberAttributes,
}));

export const MemberUnbanned = defineEvent(PUBLISHER, 'membership.MemberUnbanned', 1, z.object({
  ...communityScope,
  memberId: id,
  actorId: id,
}));

export const JoinRequestSubmitted = defineEvent(PUBLISHER, 'membership.JoinRequestSubmitted', 1, z.object({
  ...communityScope,
  requestId: id,
  memberId: id,
}));

export const JoinRequestDecided = defineEvent(PUBLISHER, 'membership.JoinRequestDecided', 1, z.object({
  ...communityScope,
  requestId: id,
  memberId: id,
  decision: z.enum(['APPROVED', 'DECLINED', 'WITHDRAWN']),
  submittedAt: z.iso.datetime(),
  decidedBy: id.nullable(),
  /** The reason a coordinator gave for declining, which the requester sees. Absent on events written before it was added. */
  reason: z.string().max(2000).nullable().optional(),
}));

export const MemberProfileChanged = defineEvent(PUBLISHER, 'membership.MemberProfileChanged', 1, z.object({
  memberId: id,
  participantType: z.enum(PARTICIPANT_TYPES),
  participantTypeHidden: z.boolean(),
  /** Names of the fields that changed; values other than the report attributes stay in membership. */
  changed: z.array(z.string()),
}));

/**
 * A member's profession and region in one network were set or changed, or they got a network
 * role there with no profile yet (an empty one), so every place a member can act in has one.
 */
export const NetworkProfileChanged = defineEvent(PUBLISHER, 'membership.NetworkProfileChanged', 1, z.object({
  memberId: id,
  networkId: id,
  professionTermId: id.nullable(),
  regionTermId: id.nullable(),
}));

export const AccountDeleted = defineEvent(PUBLISHER, 'membership.AccountDeleted', 1, z.object({
  memberId: id,
}));

/**
 * A privileged read, export or change of power was audited (docs/adr/0010-audit-of-privileged-reads.md).
 * Ids only: the client address stays in membership, where erasure can blank it; the log cannot.
 */
export const AuditRecorded = defineEvent(PUBLISHER, 'membership.AuditRecorded', 1, z.object({
  auditId: id,
  action: z.enum(['DIRECTORY_READ', 'JOIN_ANSWERS_READ', 'REPORT_READ', 'DATA_EXPORT', 'ROLE_CHANGED', 'SECOND_FACTOR_RESET', 'API_TOKEN_CREATED']),
  actorId: id.nullable(),
  networkId: id.nullable(),
  communityId: id.nullable(),
  subjectId: id.nullable(),
  requestId: z.string().nullable(),
  occurredAt: z.iso.datetime(),
}));

export const membershipEvents = {
  NetworkChanged,
  TermChanged,
  CommunityChanged,
  MemberJoined,
  MemberRoleChanged,
  MemberLeft,
  MemberUnbanned,
  JoinRequestSubmitted,
  JoinRequestDecided,
  MemberProfileChanged,
  NetworkProfileChanged,
  AccountDeleted,
  AuditRecorded,
};

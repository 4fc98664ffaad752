import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { clockOf, errors, isUniqueViolation, membershipContracts, parseInput, publish, type Viewer } from '@praxis/platform';
import {
  AccountEntity,
  ApplicationQuestionEntity,
  CommunityEntity,
  InvitationEntity,
  JoinRequestEntity,
  MemberEntity,
  MembershipEntity,
  NetworkEntity,
  type StoredAnswer,
} from '../entities';
import { requireSignedIn } from './accounts';
import type { Communities } from './communities';
import type { Deps } from './deps';
import type { Members } from './members';
import { LocalAccessSource } from './access';
import { activateMembership, lockCommunity } from './roster';
import { hashSecret, newSecret } from './secrets';
import { emailSchema, isUuid, text } from './validation';

const answersSchema = z
  .array(z.object({ questionId: z.string(), answer: text.trimmed(1, 2000, 'Answer') }))
  .max(5, 'A community asks at most five questions.');

const requestInput = z.object({
  communityId: z.string(),
  answers: answersSchema,
  message: text.optional(2000, 'Message'),
  professionId: z.string().nullish(),
  regionId: z.string().nullish(),
});

const inviteInput = z.object({
  communityId: z.string(),
  email: emailSchema,
  role: z.enum(['MEMBER', 'MODERATOR', 'COORDINATOR']).default('MEMBER'),
});

export type InvitationStatus = 'PENDING' | 'ACCEPTED' | 'REVOKED' | 'EXPIRED';

export function invitationStatus(invitation: InvitationEntity, now: Date): InvitationStatus {
  if (invitation.acceptedAt) return 'ACCEPTED';
  if (invitation.revokedAt) return 'REVOKED';
  return invitation.expiresAt <= now ? 'EXPIRED' : 'PENDING';
}

/** The three ways in: open joining, requests that a coordinator decides, and invitations. */
export class Joining {
  constructor(
    private readonly deps: Deps,
    private readonly communities: Communities,
    private readonly members: Members,
  ) {}

  async join(viewer: Viewer, raw: { communityId: string; professionId?: string | null; regionId?: string | null }): Promise<MembershipEntity> {
    const memberId = requireSignedIn(viewer);
    return this.deps.runtime.transaction(async (manager) => {
      const community = await lockCommunity(manager, raw.communityId);
      await this.assertOpenFor(manager, community, memberId);
      if (community.joinPolicy !== 'OPEN') {
        throw errors.conflict('JOIN_POLICY', community.joinPolicy === 'APPROVAL' ? 'This community asks people to request to join.' : 'This community is by invitation only.');
      }
      await this.members.setNetworkProfile(manager, memberId, community.networkId, { professionId: raw.professionId ?? undefined, regionId: raw.regionId ?? undefined });
      return activateMembership(manager, community, memberId, 'MEMBER', 'OPEN', null);
    });
  }

  async requestToJoin(viewer: Viewer, raw: unknown): Promise<JoinRequestEntity> {
    const memberId = requireSignedIn(viewer);
    const input = parseInput(requestInput, raw);
    try {
      return await this.deps.runtime.transaction(async (manager) => {
        const community = await lockCommunity(manager, input.communityId);
        await this.assertOpenFor(manager, community, memberId);
        if (community.joinPolicy !== 'APPROVAL') {
          throw errors.conflict('JOIN_POLICY', community.joinPolicy === 'OPEN' ? 'Anyone can join this community directly.' : 'This community is by invitation only.');
        }
        const pending = await manager.existsBy(JoinRequestEntity, { communityId: community.id, memberId, status: 'PENDING' });
        if (pending) throw errors.conflict('REQUEST_PENDING', 'Your request to join is waiting for a coordinator.');
        const answers = await this.checkAnswers(manager, community.id, input.answers);
        await this.members.setNetworkProfile(manager, memberId, community.networkId, { professionId: input.professionId ?? undefined, regionId: input.regionId ?? undefined });
        const request = await manager.save(
          manager.create(JoinRequestEntity, { communityId: community.id, memberId, status: 'PENDING', answers, message: input.message ?? null, createdAt: clockOf(manager).now() }),
        );
        await publish(manager, membershipContracts.JoinRequestSubmitted, { communityId: community.id, networkId: community.networkId, requestId: request.id, memberId });
        return request;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'join_requests_one_pending')) throw errors.conflict('REQUEST_PENDING', 'Your request to join is waiting for a coordinator.');
      throw error;
    }
  }

  async withdraw(viewer: Viewer, requestId: string): Promise<JoinRequestEntity> {
    const memberId = requireSignedIn(viewer);
    const request = await this.visibleRequest(viewer, requestId);
    if (request.memberId !== memberId) throw errors.forbidden('Only the person who asked can withdraw a request.');
    return this.deps.runtime.transaction(async (manager) => {
      const pending = await this.pendingRequest(manager, requestId);
      return this.decide(manager, pending, 'WITHDRAWN', null, null);
    });
  }

  async approve(viewer: Viewer, requestId: string): Promise<{ request: JoinRequestEntity; membership: MembershipEntity }> {
    requireSignedIn(viewer);
    const request = await this.visibleRequest(viewer, requestId);
    await this.communities.requireCoordinator(viewer, request.communityId);
    return this.deps.runtime.transaction(async (manager) => {
      const community = await lockCommunity(manager, request.communityId);
      await this.communities.requireCoordinator(viewer, community.id, manager);
      const pending = await this.pendingRequest(manager, requestId);
      const decided = await this.decide(manager, pending, 'APPROVED', viewer.memberId, null);
      const membership = await activateMembership(manager, community, pending.memberId, 'MEMBER', 'APPROVAL', viewer.memberId);
      return { request: decided, membership };
    });
  }

  async decline(viewer: Viewer, raw: { id: string; reason: unknown }): Promise<JoinRequestEntity> {
    requireSignedIn(viewer);
    const reason = parseInput(text.trimmed(1, 2000, 'Reason'), raw.reason, 'input.reason');
    const request = await this.visibleRequest(viewer, raw.id);
    await this.communities.requireCoordinator(viewer, request.communityId);
    return this.deps.runtime.transaction(async (manager) => {
      const community = await lockCommunity(manager, request.communityId);
      await this.communities.requireCoordinator(viewer, community.id, manager);
      const pending = await this.pendingRequest(manager, raw.id);
      const decided = await this.decide(manager, pending, 'DECLINED', viewer.memberId, reason);
      return decided;
    });
  }

  async invite(viewer: Viewer, raw: unknown): Promise<InvitationEntity> {
    const input = parseInput(inviteInput, raw);
    await this.communities.requireCoordinator(viewer, input.communityId);
    return this.deps.runtime.transaction(async (manager) => {
      const community = await lockCommunity(manager, input.communityId);
      await this.communities.requireCoordinator(viewer, community.id, manager);
      if (community.archivedAt) throw errors.forbidden('This community is archived.', 'ARCHIVED');
      const existing: { status: string }[] = await manager.query(
        `SELECT ms.status FROM accounts a JOIN memberships ms ON ms.member_id = a.member_id AND ms.community_id = $2 WHERE a.email = $1`,
        [input.email, community.id],
      );
      if (existing[0]?.status === 'ACTIVE') throw errors.conflict('ALREADY_MEMBER', 'This person is a member already.', 'input.email');
      if (existing[0]?.status === 'BANNED') throw errors.conflict('INVALID_STATE', 'This person is banned from the community. Lift the ban first.', 'input.email');
      // A new invitation replaces any open one, so only the latest link works.
      await manager.query(
        `UPDATE invitations SET revoked_at = now() WHERE community_id = $1 AND email = $2 AND accepted_at IS NULL AND revoked_at IS NULL`,
        [community.id, input.email],
      );
      const secret = newSecret();
      const expiresAt = new Date(this.deps.runtime.clock.now().getTime() + this.deps.config.invitationTtlDays * 86_400_000);
      const invitation = await manager.save(
        manager.create(InvitationEntity, { communityId: community.id, email: input.email, role: input.role, tokenHash: secret.hash, invitedBy: viewer.memberId, expiresAt }),
      );
      const [network, inviter] = await Promise.all([
        manager.findOneByOrFail(NetworkEntity, { id: community.networkId }),
        manager.findOneByOrFail(MemberEntity, { id: viewer.memberId! }),
      ]);
      await this.deps.emails.send(manager, 'invitation', input.email, {
        communityName: community.name,
        networkName: network.name,
        inviterName: inviter.displayName ?? 'A coordinator',
        role: input.role,
        link: `${this.deps.config.publicAppUrl.replace(/\/$/, '')}/invitations/accept?token=${encodeURIComponent(secret.token)}`,
        expiresOn: expiresAt.toISOString().slice(0, 10),
      });
      return invitation;
    });
  }

  async revokeInvitation(viewer: Viewer, invitationId: string): Promise<InvitationEntity> {
    requireSignedIn(viewer);
    const invitation = isUuid(invitationId) ? await this.deps.runtime.db.manager.findOneBy(InvitationEntity, { id: invitationId }) : null;
    if (!invitation || !(await this.seesContentOf(viewer, invitation.communityId))) throw errors.notFound('Invitation');
    await this.communities.requireCoordinator(viewer, invitation.communityId);
    return this.deps.runtime.transaction(async (manager) => {
      const current = await manager.findOne(InvitationEntity, { where: { id: invitationId }, lock: { mode: 'pessimistic_write' } });
      if (!current || invitationStatus(current, this.deps.runtime.clock.now()) !== 'PENDING') throw errors.conflict('INVALID_STATE', 'Only a pending invitation can be revoked.');
      await manager.update(InvitationEntity, { id: invitationId }, { revokedAt: () => 'now()' });
      return manager.findOneByOrFail(InvitationEntity, { id: invitationId });
    });
  }

  async acceptInvitation(viewer: Viewer, raw: { token: string; professionId?: string | null; regionId?: string | null }): Promise<MembershipEntity> {
    const memberId = requireSignedIn(viewer);
    return this.deps.runtime.transaction(async (manager) => {
      const invitation = await manager.findOne(InvitationEntity, { where: { tokenHash: hashSecret(raw.token) }, lock: { mode: 'pessimistic_write' } });
      if (!invitation || invitationStatus(invitation, this.deps.runtime.clock.now()) !== 'PENDING') {
        throw errors.badInput('input.token', 'This invitation is not valid any more. Ask the coordinator for a new one.');
      }
      const account = await manager.findOneBy(AccountEntity, { memberId });
      if (!account || account.email.toLowerCase() !== invitation.email.toLowerCase()) {
        throw errors.forbidden('This invitation was sent to a different email address.', 'INVITATION_EMAIL_MISMATCH');
      }
      const community = await lockCommunity(manager, invitation.communityId);
      await this.assertOpenFor(manager, community, memberId);
      await this.members.setNetworkProfile(manager, memberId, community.networkId, { professionId: raw.professionId ?? undefined, regionId: raw.regionId ?? undefined });
      const membership = await activateMembership(manager, community, memberId, invitation.role, 'INVITATION', invitation.invitedBy);
      await manager.update(InvitationEntity, { id: invitation.id }, { acceptedAt: () => 'now()', acceptedBy: memberId });
      return membership;
    });
  }

  /** What an invitation link offers; never the address it was sent to. */
  async previewInvitation(token: string): Promise<InvitationEntity | null> {
    return this.deps.runtime.db.manager.findOneBy(InvitationEntity, { tokenHash: hashSecret(token) });
  }

  private async assertOpenFor(manager: EntityManager, community: CommunityEntity, memberId: string): Promise<void> {
    if (community.archivedAt) throw errors.forbidden('This community is archived.', 'ARCHIVED');
    const member = await manager.findOneBy(MemberEntity, { id: memberId });
    if (!member || member.deletedAt) throw errors.unauthenticated();
    const membership = await manager.findOneBy(MembershipEntity, { communityId: community.id, memberId });
    if (membership?.status === 'BANNED') throw errors.forbidden('You are banned from this community.', 'BANNED');
    if (membership?.status === 'ACTIVE') throw errors.conflict('ALREADY_MEMBER', 'You are a member of this community already.');
  }

  private async checkAnswers(manager: EntityManager, communityId: string, answers: z.infer<typeof answersSchema>): Promise<StoredAnswer[]> {
    const questions = await manager.find(ApplicationQuestionEntity, { where: { communityId }, order: { position: 'ASC' } });
    const byId = new Map(questions.map((question) => [question.id, question]));
    const seen = new Set<string>();
    const stored: StoredAnswer[] = [];
    answers.forEach((answer, index) => {
      const question = byId.get(answer.questionId);
      if (!question) throw errors.badInput(`input.answers.${index}.questionId`, 'This community does not ask that question.');
      if (seen.has(question.id)) throw errors.badInput(`input.answers.${index}.questionId`, 'Answer each question once.');
      seen.add(question.id);
      stored.push({ questionId: question.id, prompt: question.prompt, answer: answer.answer });
    });
    const missing = questions.filter((question) => question.required && !seen.has(question.id));
    if (missing.length > 0) throw errors.badInput('input.answers', `Please answer: ${missing.map((question) => question.prompt).join(' / ')}`);
    return stored.sort((a, b) => byId.get(a.questionId)!.position - byId.get(b.questionId)!.position);
  }

  /**
   * A join request as a mutation's target (ADR 8). Its author sees it, and so does whoever may see
   * its community's content, who is refused with a reason if they lack the role. Anyone else gets
   * NOT_FOUND, as for an unknown id, so that a stranger cannot learn that the request exists.
   * Checked before the request's state, which would tell as much.
   */
  private async visibleRequest(viewer: Viewer, requestId: string): Promise<JoinRequestEntity> {
    const request = isUuid(requestId) ? await this.deps.runtime.db.manager.findOneBy(JoinRequestEntity, { id: requestId }) : null;
    if (!request) throw errors.notFound('Join request');
    if (request.memberId !== viewer.memberId && !(await this.seesContentOf(viewer, request.communityId))) throw errors.notFound('Join request');
    return request;
  }

  private async seesContentOf(viewer: Viewer, communityId: string): Promise<boolean> {
    const [access] = await new LocalAccessSource(this.deps.runtime.db.manager).communities(viewer, [communityId]);
    return access?.canRead ?? false;
  }

  private async pendingRequest(manager: EntityManager, requestId: string): Promise<JoinRequestEntity> {
    const request = isUuid(requestId) ? await manager.findOne(JoinRequestEntity, { where: { id: requestId }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!request) throw errors.notFound('Join request');
    if (request.status !== 'PENDING') throw errors.conflict('INVALID_STATE', `This request was ${request.status.toLowerCase()} already.`);
    return request;
  }

  private async decide(manager: EntityManager, request: JoinRequestEntity, status: 'APPROVED' | 'DECLINED' | 'WITHDRAWN', deciderId: string | null, reason: string | null): Promise<JoinRequestEntity> {
    await manager.update(JoinRequestEntity, { id: request.id }, { status, decidedAt: clockOf(manager).now(), decidedBy: deciderId, declineReason: reason });
    const community = await manager.findOneByOrFail(CommunityEntity, { id: request.communityId });
    await publish(manager, membershipContracts.JoinRequestDecided, {
      communityId: community.id,
      networkId: community.networkId,
      requestId: request.id,
      memberId: request.memberId,
      decision: status,
      submittedAt: request.createdAt.toISOString(),
      decidedBy: deciderId,
      // The notifications service tells the requester, with the reason, from this event.
      reason,
    });
    return manager.findOneByOrFail(JoinRequestEntity, { id: request.id });
  }
}

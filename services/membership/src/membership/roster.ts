import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { clockOf, errors, membershipContracts, parseInput, publish, type CommunityRole, type Viewer } from '@praxis/platform';
import { CommunityEntity, JoinRequestEntity, MembershipEntity, MembershipHistoryEntity } from '../entities';
import { requireSignedIn } from './accounts';
import { attributesOf } from './attributes';
import type { Communities } from './communities';
import type { Deps } from './deps';
import { isUuid, text } from './validation';
import { auditChange, type AuditOrigin } from './audit';

export type JoinedVia = 'OPEN' | 'APPROVAL' | 'INVITATION' | 'CREATED_COMMUNITY' | 'ADMIN';

const reasonSchema = text.trimmed(1, 2000, 'Reason');
const roleSchema = z.enum(['MEMBER', 'MODERATOR', 'COORDINATOR']);

/**
 * Locks the community row for the rest of the transaction. Every change to who belongs to a
 * community, and in what role, takes this lock first, so rules such as "at least one
 * coordinator" hold under concurrent requests.
 */
export async function lockCommunity(manager: EntityManager, communityId: string): Promise<CommunityEntity> {
  const community = isUuid(communityId) ? await manager.findOne(CommunityEntity, { where: { id: communityId }, lock: { mode: 'pessimistic_write' } }) : null;
  if (!community) throw errors.notFound('Community');
  return community;
}

/**
 * Makes a member active in a community, whether new, returning after leaving, or returning
 * after removal. Refuses the banned and those already in.
 */
export async function activateMembership(
  manager: EntityManager,
  community: CommunityEntity,
  memberId: string,
  role: CommunityRole,
  via: JoinedVia,
  actorId: string | null,
): Promise<MembershipEntity> {
  const existing = await manager.findOneBy(MembershipEntity, { communityId: community.id, memberId });
  if (existing?.status === 'ACTIVE') throw errors.conflict('ALREADY_MEMBER', 'Already a member of this community.');
  if (existing?.status === 'BANNED') throw errors.forbidden('You are banned from this community.', 'BANNED');
  const now = clockOf(manager).now();
  if (existing) {
    await manager.update(
      MembershipEntity,
      { communityId: community.id, memberId },
      { role, status: 'ACTIVE', joinedAt: now, endedAt: null, endReason: null, endedBy: null, updatedAt: now },
    );
  } else {
    await manager.insert(MembershipEntity, { communityId: community.id, memberId, role, status: 'ACTIVE', joinedAt: now });
  }
  await manager.insert(MembershipHistoryEntity, { communityId: community.id, memberId, change: 'JOINED', role, actorId, occurredAt: now });
  await publish(
    manager,
    membershipContracts.MemberJoined,
    { communityId: community.id, networkId: community.networkId, memberId, role, via, attributes: await attributesOf(manager, memberId, community.networkId) },
    { occurredAt: now },
  );
  return manager.findOneByOrFail(MembershipEntity, { communityId: community.id, memberId });
}

/** Leaving, removal, bans and role changes. */
export class Roster {
  constructor(
    private readonly deps: Deps,
    private readonly communities: Communities,
  ) {}

  async leave(viewer: Viewer, communityId: string): Promise<MembershipEntity> {
    const memberId = requireSignedIn(viewer);
    return this.deps.runtime.transaction(async (manager) => {
      const community = await lockCommunity(manager, communityId);
      const membership = await this.active(manager, community.id, memberId, 'You are not a member of this community.');
      await this.assertNotLastCoordinator(manager, community.id, membership, 'Hand over to another coordinator before you leave.');
      return this.end(manager, community, membership, 'LEFT', null, null);
    });
  }

  async remove(viewer: Viewer, raw: { communityId: string; memberId: string; reason: unknown }): Promise<MembershipEntity> {
    const reason = parseInput(reasonSchema, raw.reason, 'input.reason');
    await this.communities.requireCoordinator(viewer, raw.communityId);
    if (raw.memberId === viewer.memberId) throw errors.badInput('input.memberId', 'To leave a community yourself, use leaveCommunity.');
    return this.deps.runtime.transaction(async (manager) => {
      const community = await lockCommunity(manager, raw.communityId);
      await this.communities.requireCoordinator(viewer, community.id, manager);
      const membership = await this.active(manager, community.id, raw.memberId, 'This person is not a member of the community.');
      await this.assertNotLastCoordinator(manager, community.id, membership, 'This is the last coordinator. Make someone else coordinator first.');
      return this.end(manager, community, membership, 'REMOVED', reason, viewer.memberId);
    });
  }

  async ban(viewer: Viewer, raw: { communityId: string; memberId: string; reason: unknown }): Promise<MembershipEntity> {
    const reason = parseInput(reasonSchema, raw.reason, 'input.reason');
    await this.communities.requireCoordinator(viewer, raw.communityId);
    if (raw.memberId === viewer.memberId) throw errors.badInput('input.memberId', 'You cannot ban yourself.');
    if (!isUuid(raw.memberId)) throw errors.notFound('Member');
    return this.deps.runtime.transaction(async (manager) => {
      const community = await lockCommunity(manager, raw.communityId);
      await this.communities.requireCoordinator(viewer, community.id, manager);
      const membership = await manager.findOneBy(MembershipEntity, { communityId: community.id, memberId: raw.memberId });
      const pending = await manager.findOneBy(JoinRequestEntity, { communityId: community.id, memberId: raw.memberId, status: 'PENDING' });
      if (membership?.status === 'BANNED') throw errors.conflict('INVALID_STATE', 'This person is banned already.');
      if (!membership && !pending) throw errors.notFound('Member', 'This person has never been a member of the community or asked to join it.');
      if (pending) {
        await manager.update(JoinRequestEntity, { id: pending.id }, { status: 'DECLINED', decidedAt: clockOf(manager).now(), decidedBy: viewer.memberId, declineReason: reason });
        await publish(manager, membershipContracts.JoinRequestDecided, {
          communityId: community.id,
          networkId: community.networkId,
          requestId: pending.id,
          memberId: raw.memberId,
          decision: 'DECLINED',
          submittedAt: pending.createdAt.toISOString(),
          decidedBy: viewer.memberId,
          reason,
        });
      }
      if (membership?.status === 'ACTIVE') {
        await this.assertNotLastCoordinator(manager, community.id, membership, 'This is the last coordinator. Make someone else coordinator first.');
        return this.end(manager, community, membership, 'BANNED', reason, viewer.memberId);
      }
      const now = clockOf(manager).now();
      if (membership) {
        await manager.update(MembershipEntity, { communityId: community.id, memberId: raw.memberId }, { status: 'BANNED', endReason: reason, endedBy: viewer.memberId, updatedAt: now });
      } else {
        // Someone who only asked to join has no membership yet; the ban is recorded as one
        // that began and ended now, so the record shows when and why.
        await manager.insert(MembershipEntity, { communityId: community.id, memberId: raw.memberId, role: 'MEMBER', status: 'BANNED', joinedAt: now, endedAt: now, endReason: reason, endedBy: viewer.memberId });
      }
      await manager.insert(MembershipHistoryEntity, { communityId: community.id, memberId: raw.memberId, change: 'BANNED', actorId: viewer.memberId, reason, occurredAt: now });
      return manager.findOneByOrFail(MembershipEntity, { communityId: community.id, memberId: raw.memberId });
    });
  }

  async unban(viewer: Viewer, raw: { communityId: string; memberId: string }): Promise<MembershipEntity> {
    await this.communities.requireCoordinator(viewer, raw.communityId);
    if (!isUuid(raw.memberId)) throw errors.notFound('Member');
    return this.deps.runtime.transaction(async (manager) => {
      const community = await lockCommunity(manager, raw.communityId);
      await this.communities.requireCoordinator(viewer, community.id, manager);
      const membership = await manager.findOneBy(MembershipEntity, { communityId: community.id, memberId: raw.memberId });
      if (membership?.status !== 'BANNED') throw errors.conflict('INVALID_STATE', 'This person is not banned.');
      await manager.update(MembershipEntity, { communityId: community.id, memberId: raw.memberId }, { status: 'LEFT', updatedAt: () => 'now()' });
      await manager.insert(MembershipHistoryEntity, { communityId: community.id, memberId: raw.memberId, change: 'UNBANNED', actorId: viewer.memberId });
      await publish(manager, membershipContracts.MemberUnbanned, { communityId: community.id, networkId: community.networkId, memberId: raw.memberId, actorId: viewer.memberId! });
      return manager.findOneByOrFail(MembershipEntity, { communityId: community.id, memberId: raw.memberId });
    });
  }

  async changeRole(viewer: Viewer, raw: { communityId: string; memberId: string; role: unknown }, origin?: AuditOrigin): Promise<MembershipEntity> {
    const role = parseInput(roleSchema, raw.role, 'input.role');
    await this.communities.requireCoordinator(viewer, raw.communityId);
    return this.deps.runtime.transaction(async (manager) => {
      const community = await lockCommunity(manager, raw.communityId);
      await this.communities.requireCoordinator(viewer, community.id, manager);
      const membership = await this.active(manager, community.id, raw.memberId, 'This person is not a member of the community.');
      if (membership.role === role) return membership;
      if (membership.role === 'COORDINATOR') {
        await this.assertNotLastCoordinator(manager, community.id, membership, 'A community must keep at least one coordinator. Make someone else coordinator first.');
      }
      await manager.update(MembershipEntity, { communityId: community.id, memberId: membership.memberId }, { role, updatedAt: () => 'now()' });
      await manager.insert(MembershipHistoryEntity, { communityId: community.id, memberId: membership.memberId, change: 'ROLE_CHANGED', role, actorId: viewer.memberId });
      await publish(manager, membershipContracts.MemberRoleChanged, {
        communityId: community.id,
        networkId: community.networkId,
        memberId: membership.memberId,
        from: membership.role,
        to: role,
        changedBy: viewer.memberId!,
      });
      await auditChange(manager, { actorId: viewer.memberId, action: 'ROLE_CHANGED', communityId: community.id, networkId: community.networkId, subjectId: membership.memberId, detail: { from: membership.role, to: role }, ...origin });
      return manager.findOneByOrFail(MembershipEntity, { communityId: community.id, memberId: membership.memberId });
    });
  }

  /** Ends an active membership and records why. Used by leave, remove, ban and account deletion. */
  async end(
    manager: EntityManager,
    community: CommunityEntity,
    membership: MembershipEntity,
    status: 'LEFT' | 'REMOVED' | 'BANNED',
    reason: string | null,
    actorId: string | null,
    eventReason: 'LEFT' | 'REMOVED' | 'BANNED' | 'ACCOUNT_DELETED' = status,
  ): Promise<MembershipEntity> {
    const now = clockOf(manager).now();
    // The attributes are read before anything changes, so the event records who left as they were.
    const attributes = await attributesOf(manager, membership.memberId, community.networkId);
    await manager.update(
      MembershipEntity,
      { communityId: community.id, memberId: membership.memberId },
      { status, endedAt: now, endReason: reason, endedBy: actorId, updatedAt: now },
    );
    await manager.insert(MembershipHistoryEntity, { communityId: community.id, memberId: membership.memberId, change: status, role: membership.role, actorId, reason, occurredAt: now });
    await publish(
      manager,
      membershipContracts.MemberLeft,
      { communityId: community.id, networkId: community.networkId, memberId: membership.memberId, reason: eventReason, actorId, attributes },
      { occurredAt: now },
    );
    return manager.findOneByOrFail(MembershipEntity, { communityId: community.id, memberId: membership.memberId });
  }

  async assertNotLastCoordinator(manager: EntityManager, communityId: string, membership: MembershipEntity, message: string): Promise<void> {
    if (membership.role !== 'COORDINATOR') return;
    const rows: { count: number }[] = await manager.query(
      `SELECT count(*)::int AS count FROM memberships WHERE community_id = $1 AND status = 'ACTIVE' AND role = 'COORDINATOR'`,
      [communityId],
    );
    if ((rows[0]?.count ?? 0) <= 1) throw errors.conflict('LAST_COORDINATOR', message);
  }

  private async active(manager: EntityManager, communityId: string, memberId: string, message: string): Promise<MembershipEntity> {
    const membership = isUuid(memberId) ? await manager.findOneBy(MembershipEntity, { communityId, memberId }) : null;
    if (membership?.status !== 'ACTIVE') throw errors.notFound('Membership', message);
    return membership;
  }
}

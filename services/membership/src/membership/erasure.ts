import type { EntityManager } from 'typeorm';
import { errors, membershipContracts, publish, type Viewer } from '@praxis/platform';
import { AccountEntity, CommunityEntity, MemberEntity, MembershipEntity } from '../entities';
import { requireSignedIn, type Accounts } from './accounts';
import { forgetAuditAddresses } from './audit';
import type { Deps } from './deps';
import type { Roster } from './roster';

/**
 * Account deletion. Personal data is erased in place and the member row stays as a tombstone,
 * so every author reference in every subgraph still resolves, to "Former member". History rows
 * keep their ids and dates, so aggregate counts stay right. The AccountDeleted event tells the
 * other services to anonymise what they hold.
 */
export const ERASURE_SWEEP_JOB = 'membership.erasure-sweep';

export class Erasure {
  constructor(
    private readonly deps: Deps,
    private readonly accounts: Accounts,
    private readonly roster: Roster,
  ) {}

  async deleteAccount(viewer: Viewer, password: string): Promise<void> {
    const memberId = requireSignedIn(viewer);
    const account = await this.deps.runtime.db.manager.findOneBy(AccountEntity, { memberId });
    if (!account) throw errors.unauthenticated();
    if (account.passwordHash && !(await this.deps.passwords.verify(password, account.passwordHash))) {
      throw errors.badInput('input.password', 'The password is not right.');
    }
    await this.deps.runtime.transaction(async (manager) => {
      // Locked first: a write that checks the member row under lock (a new API token) waits for
      // this deletion and then sees it, instead of landing after the erasure below.
      const live: unknown[] = await manager.query('SELECT 1 FROM members WHERE id = $1 AND deleted_at IS NULL FOR UPDATE', [memberId]);
      if (live.length === 0) throw errors.unauthenticated();
      const memberships = await manager.find(MembershipEntity, { where: { memberId, status: 'ACTIVE' }, order: { communityId: 'ASC' } });
      for (const membership of memberships) {
        // Locks in id order, like every roster change, so two deletions cannot deadlock.
        const community = await manager.findOne(CommunityEntity, { where: { id: membership.communityId }, lock: { mode: 'pessimistic_write' } });
        await this.roster.assertNotLastCoordinator(manager, membership.communityId, membership, `You are the last coordinator of ${community?.name ?? 'a community'}. Hand over before deleting your account.`);
        await this.roster.end(manager, community!, membership, 'LEFT', null, null, 'ACCOUNT_DELETED');
      }
      const adminOf: { network_id: string }[] = await manager.query(
        `SELECT nr.network_id FROM network_roles nr WHERE nr.member_id = $1 AND nr.role = 'ADMIN'
           AND NOT EXISTS (SELECT 1 FROM network_roles o WHERE o.network_id = nr.network_id AND o.role = 'ADMIN' AND o.member_id <> $1)`,
        [memberId],
      );
      if (adminOf.length > 0) throw errors.conflict('LAST_ADMIN', 'You are the last admin of a network. Make someone else admin before deleting your account.');
      await this.accounts.revokeSessions(manager, memberId);
      await this.eraseCredentials(manager, memberId);
      await this.accounts.throttle.forget(manager, account.email);
      // Free text written about or by the member in the record of their memberships.
      await manager.query('UPDATE join_requests SET answers = \'[]\', message = NULL WHERE member_id = $1', [memberId]);
      await manager.query(`UPDATE invitations SET email = 'erased-' || id || '@invalid' WHERE email = $1`, [account.email]);
      // Audit records stay, naming the tombstone; where the member acted from does not.
      await forgetAuditAddresses(manager, memberId);
      await manager.delete(AccountEntity, { memberId });
      await manager.update(MemberEntity, { id: memberId }, {
        handle: null,
        displayName: null,
        participantType: null,
        participantTypeHidden: false,
        organisation: null,
        bio: null,
        isOperator: false,
        deletedAt: () => 'now()',
        updatedAt: () => 'now()',
      });
      await publish(manager, membershipContracts.AccountDeleted, { memberId });
      await this.deps.runtime.jobs.send(ERASURE_SWEEP_JOB, { memberId }, { manager, startAfter: new Date(Date.now() + this.deps.config.erasureSweepDelaySeconds * 1000) });
    });
  }

  /**
   * The second pass. Every service refuses a deleted account from the moment the deletion
   * commits, but a request that was let through just before it may still write afterwards,
   * after the services' erasure handlers have run. Once such requests can no longer be running,
   * this erases again here and announces the deletion again, and every handler, idempotent by
   * design, anonymises what arrived late.
   */
  registerJobs(): void {
    this.deps.runtime.jobs.register<{ memberId: string }>({
      name: ERASURE_SWEEP_JOB,
      retryLimit: 10,
      retryDelaySeconds: 60,
      handle: async ({ memberId }) => {
        await this.deps.runtime.transaction(async (manager) => {
          const deleted: unknown[] = await manager.query('SELECT 1 FROM members WHERE id = $1 AND deleted_at IS NOT NULL FOR UPDATE', [memberId]);
          if (deleted.length === 0) return;
          await this.eraseCredentials(manager, memberId);
          // A privileged read let through just before the deletion may have spooled a record since.
          await forgetAuditAddresses(manager, memberId);
          await publish(manager, membershipContracts.AccountDeleted, { memberId });
        });
      },
    });
  }

  private async eraseCredentials(manager: EntityManager, memberId: string): Promise<void> {
    await manager.query('DELETE FROM network_roles WHERE member_id = $1', [memberId]);
    await manager.query('DELETE FROM api_tokens WHERE member_id = $1', [memberId]);
    await manager.query('DELETE FROM refresh_tokens WHERE member_id = $1', [memberId]);
    await manager.query('DELETE FROM sessions WHERE member_id = $1', [memberId]);
    await manager.query('DELETE FROM email_tokens WHERE member_id = $1', [memberId]);
    await manager.query('DELETE FROM second_factors WHERE member_id = $1', [memberId]);
    await manager.query('DELETE FROM external_identities WHERE member_id = $1', [memberId]);
    await manager.query('DELETE FROM member_network_profiles WHERE member_id = $1', [memberId]);
  }
}

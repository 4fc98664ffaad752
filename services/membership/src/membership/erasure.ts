import { errors, membershipContracts, publish, type Viewer } from '@praxis/platform';
import { AccountEntity, CommunityEntity, MemberEntity, MembershipEntity } from '../entities';
import { requireSignedIn, type Accounts } from './accounts';
import type { Deps } from './deps';
import type { Roster } from './roster';

/**
 * Account deletion. Personal data is erased in place and the member row stays as a tombstone,
 * so every author reference in every subgraph still resolves, to "Former member". History rows
 * keep their ids and dates, so aggregate counts stay right. The AccountDeleted event tells the
 * other services to anonymise what they hold.
 */
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
      await manager.query('DELETE FROM network_roles WHERE member_id = $1', [memberId]);
      await manager.query('DELETE FROM api_tokens WHERE member_id = $1', [memberId]);
      await manager.query('DELETE FROM refresh_tokens WHERE member_id = $1', [memberId]);
      await manager.query('DELETE FROM email_tokens WHERE member_id = $1', [memberId]);
      await manager.query('DELETE FROM external_identities WHERE member_id = $1', [memberId]);
      await manager.query('DELETE FROM member_network_profiles WHERE member_id = $1', [memberId]);
      await manager.query('DELETE FROM sign_in_throttle WHERE key = $1', [`email:${account.email.toLowerCase()}`]);
      // Free text written about or by the member in the record of their memberships.
      await manager.query('UPDATE join_requests SET answers = \'[]\', message = NULL WHERE member_id = $1', [memberId]);
      await manager.query(`UPDATE invitations SET email = 'erased-' || id || '@invalid' WHERE email = $1`, [account.email]);
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
    });
  }
}

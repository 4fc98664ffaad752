import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { membershipContracts, publish } from '@praxis/platform';
import { AccountEntity, ExternalIdentityEntity, MemberEntity } from '../entities';
import type { Deps } from './deps';

export interface ExternalClaims {
  issuer: string;
  subject: string;
  email?: string;
  emailVerified?: boolean;
  name?: string;
}

/**
 * Maps an organisation's OpenID Connect identities (issuer + subject) to Praxis members.
 * A known pair maps directly. An unknown pair links to the account with the same verified
 * email, or, when auto-provisioning is on, creates a member.
 */
export class ExternalIdentities {
  constructor(private readonly deps: Deps) {}

  async resolve(claims: ExternalClaims): Promise<string | null> {
    return this.deps.runtime.transaction(async (manager) => {
      const known = await manager.findOneBy(ExternalIdentityEntity, { issuer: claims.issuer, subject: claims.subject });
      if (known) {
        const member = await manager.findOneBy(MemberEntity, { id: known.memberId });
        return member && !member.deletedAt ? member.id : null;
      }
      if (!claims.email || !claims.emailVerified) return null;
      const account = await manager.findOneBy(AccountEntity, { email: claims.email });
      if (account) {
        await manager.insert(ExternalIdentityEntity, { issuer: claims.issuer, subject: claims.subject, memberId: account.memberId });
        return account.memberId;
      }
      if (!this.deps.config.auth.oidcAutoProvision) return null;
      return this.provision(manager, claims);
    });
  }

  private async provision(manager: EntityManager, claims: ExternalClaims): Promise<string> {
    const base = (claims.email!.split('@')[0] ?? 'member').toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 22).padEnd(3, '_');
    const handle = `${base}_${randomBytes(3).toString('hex')}`;
    const member = await manager.save(
      manager.create(MemberEntity, { handle, displayName: (claims.name ?? base).slice(0, 80), participantType: 'OTHER' }),
    );
    await manager.insert(AccountEntity, { memberId: member.id, email: claims.email!, passwordHash: null, emailVerifiedAt: new Date() });
    await manager.insert(ExternalIdentityEntity, { issuer: claims.issuer, subject: claims.subject, memberId: member.id });
    await publish(manager, membershipContracts.MemberProfileChanged, { memberId: member.id, participantType: 'OTHER', participantTypeHidden: false, changed: ['created'] });
    return member.id;
  }
}

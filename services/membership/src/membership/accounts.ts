import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { errors, isUniqueViolation, membershipContracts, parseInput, publish, type ParticipantType, type Viewer } from '@praxis/platform';
import { AccountEntity, EmailTokenEntity, MemberEntity, RefreshTokenEntity, type EmailTokenPurpose } from '../entities';
import type { Deps } from './deps';
import { hashSecret, newSecret } from './secrets';
import { SecondFactors } from './second-factor';
import { endSessions, Sessions, type Device } from './sessions';
import { SignInThrottle } from './sign-in-throttle';
import { signAccessToken } from './signing-keys';
import { displayNameSchema, emailSchema, handleSchema, participantTypeSchema, passwordSchema, text } from './validation';

export interface Session {
  memberId: string;
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

const signUpInput = z.object({
  email: emailSchema,
  password: passwordSchema,
  handle: handleSchema,
  displayName: displayNameSchema,
  participantType: participantTypeSchema,
  organisation: text.optional(160, 'Organisation'),
});

export interface VerifiedMemberSpec {
  handle: string;
  displayName: string;
  email: string;
  participantType: ParticipantType;
  organisation?: string | null;
  bio?: string | null;
  hideParticipantType?: boolean;
  isOperator?: boolean;
}

const INCORRECT = 'Email or password is incorrect.';

/** Sign-up, email verification, sign-in, sessions and passwords. */
export class Accounts {
  readonly throttle: SignInThrottle;
  readonly secondFactors: SecondFactors;
  readonly sessions: Sessions;

  constructor(private readonly deps: Deps) {
    this.throttle = new SignInThrottle(deps);
    this.secondFactors = new SecondFactors(deps, this.throttle);
    this.sessions = new Sessions(deps);
  }

  /**
   * Answers alike whether or not the address has an account, so the form cannot tell anyone who
   * has one: a new address gets a verification link, a known one an email to its owner saying
   * someone tried to sign up with it. Handles are public (`member(handle:)`), so a taken handle
   * is refused openly, and it is checked first, whichever the address.
   */
  async signUp(raw: unknown): Promise<void> {
    const input = parseInput(signUpInput, raw);
    // Hashing is deliberately slow; do it before the transaction holds any locks, and for a
    // known address too, so the answer takes as long either way.
    const passwordHash = await this.deps.passwords.hash(input.password);
    try {
      await this.deps.runtime.transaction(async (manager) => {
        const member = await manager.save(
          manager.create(MemberEntity, {
            handle: input.handle,
            displayName: input.displayName,
            participantType: input.participantType,
            organisation: input.organisation ?? null,
          }),
        );
        await manager.insert(AccountEntity, { memberId: member.id, email: input.email, passwordHash });
        await publish(manager, membershipContracts.MemberProfileChanged, {
          memberId: member.id,
          participantType: input.participantType,
          participantTypeHidden: false,
          changed: ['created'],
        });
        await this.sendEmailLink(manager, member, input.email, 'VERIFY_EMAIL');
      });
    } catch (error) {
      if (isUniqueViolation(error, 'members_handle_key')) throw errors.conflict('DUPLICATE', 'This handle is taken.', 'input.handle');
      if (!isUniqueViolation(error, 'accounts_email_key')) throw error;
      await this.deps.runtime.transaction(async (manager) => {
        const found = await this.accountByEmail(manager, input.email);
        if (!found) return;
        await this.deps.emails.send(manager, 'signUpAttempt', found.account.email, {
          displayName: found.member.displayName ?? '',
          signInLink: `${this.deps.config.publicAppUrl.replace(/\/$/, '')}/sign-in`,
          resetLink: `${this.deps.config.publicAppUrl.replace(/\/$/, '')}/reset-password`,
        });
      });
    }
  }

  /**
   * Creates a member whose address counts as verified, with a given password hash. For seeding
   * and test factories, which hash one password once instead of once per person.
   */
  async createVerifiedMember(spec: VerifiedMemberSpec, passwordHash: string): Promise<MemberEntity> {
    return this.deps.runtime.transaction(async (manager) => {
      const member = await manager.save(
        manager.create(MemberEntity, {
          handle: spec.handle,
          displayName: spec.displayName,
          participantType: spec.participantType,
          participantTypeHidden: spec.hideParticipantType ?? false,
          organisation: spec.organisation ?? null,
          bio: spec.bio ?? null,
          isOperator: spec.isOperator ?? false,
        }),
      );
      await manager.insert(AccountEntity, { memberId: member.id, email: spec.email, passwordHash, emailVerifiedAt: new Date() });
      await publish(manager, membershipContracts.MemberProfileChanged, {
        memberId: member.id,
        participantType: spec.participantType,
        participantTypeHidden: spec.hideParticipantType ?? false,
        changed: ['created'],
      });
      return member;
    });
  }

  async verifyEmail(token: string): Promise<MemberEntity> {
    return this.deps.runtime.transaction(async (manager) => {
      const emailToken = await this.useEmailToken(manager, token, 'VERIFY_EMAIL');
      await manager.update(AccountEntity, { memberId: emailToken.memberId }, { emailVerifiedAt: () => 'coalesce(email_verified_at, now())' });
      return manager.findOneByOrFail(MemberEntity, { id: emailToken.memberId });
    });
  }

  async resendVerificationEmail(rawEmail: unknown): Promise<void> {
    const email = parseInput(emailSchema, rawEmail, 'input.email');
    await this.deps.runtime.transaction(async (manager) => {
      const found = await this.accountByEmail(manager, email);
      if (!found || found.account.emailVerifiedAt) return;
      if (await this.recentlySent(manager, found.member.id, 'VERIFY_EMAIL')) return;
      await this.sendEmailLink(manager, found.member, found.account.email, 'VERIFY_EMAIL');
    });
  }

  /**
   * `address` is the client's, as the gateway saw it; failures are throttled per address and
   * account. With the user agent, it is recorded with the session.
   */
  async signIn(raw: { email: unknown; password: unknown; secondFactorCode?: unknown; recoveryCode?: unknown }, address?: string, userAgent?: string): Promise<Session> {
    const email = parseInput(emailSchema, raw.email, 'input.email');
    const password = typeof raw.password === 'string' ? raw.password : '';
    await this.throttle.assertAllowed(email, address);
    const found = await this.accountByEmail(this.deps.runtime.db.manager, email);
    if (!found?.account.passwordHash) {
      await this.deps.passwords.burn(password);
      await this.throttle.recordFailure(email, address);
      throw errors.unauthenticated(INCORRECT);
    }
    const passwordRight = await this.deps.passwords.verify(password, found.account.passwordHash);
    // An account with a second factor is answered by it alone, whatever the password (ADR 2).
    await this.secondFactors.checkSignIn(found.member.id, email, address, passwordRight, raw);
    if (!passwordRight) {
      await this.throttle.recordFailure(email, address);
      throw errors.unauthenticated(INCORRECT);
    }
    if (!found.account.emailVerifiedAt) {
      throw errors.forbidden('Confirm your email address first: we sent you a link.', 'EMAIL_NOT_VERIFIED');
    }
    return this.deps.runtime.transaction(async (manager) => {
      await this.throttle.recordSuccess(manager, email, address);
      if (this.deps.passwords.needsRehash(found.account.passwordHash!)) {
        await manager.update(AccountEntity, { memberId: found.member.id }, { passwordHash: await this.deps.passwords.hash(password) });
      }
      return this.issueSession(manager, found.member.id, randomUUID(), { address, userAgent });
    });
  }

  async refreshSession(refreshToken: string): Promise<Session> {
    const outcome = await this.deps.runtime.transaction(async (manager) => {
      const stored = await manager.findOne(RefreshTokenEntity, { where: { tokenHash: hashSecret(refreshToken) }, lock: { mode: 'pessimistic_write' } });
      if (!stored || stored.revokedAt || stored.expiresAt < this.deps.runtime.clock.now()) return { error: 'invalid' as const };
      if (stored.usedAt) {
        // A refresh token presented twice was copied: end the whole session so the thief's
        // copy and the owner's both stop working, and the owner signs in again.
        await manager.update(RefreshTokenEntity, { familyId: stored.familyId }, { revokedAt: () => 'coalesce(revoked_at, now())' });
        return { error: 'reused' as const };
      }
      const member = await manager.findOneBy(MemberEntity, { id: stored.memberId });
      if (!member || member.deletedAt) return { error: 'invalid' as const };
      await manager.update(RefreshTokenEntity, { id: stored.id }, { usedAt: () => 'now()' });
      return { session: await this.issueSession(manager, stored.memberId, stored.familyId) };
    });
    if ('error' in outcome) throw errors.unauthenticated('This session has ended. Sign in again.');
    return outcome.session;
  }

  async signOut(refreshToken: string): Promise<void> {
    await this.deps.runtime.transaction(async (manager) => {
      const stored = await manager.findOneBy(RefreshTokenEntity, { tokenHash: hashSecret(refreshToken) });
      if (stored) await manager.update(RefreshTokenEntity, { familyId: stored.familyId }, { revokedAt: () => 'coalesce(revoked_at, now())' });
    });
  }

  async changePassword(viewer: Viewer, raw: { currentPassword: unknown; newPassword: unknown }): Promise<void> {
    const memberId = requireSignedIn(viewer);
    const newPassword = parseInput(passwordSchema, raw.newPassword, 'input.newPassword');
    const account = await this.deps.runtime.db.manager.findOneBy(AccountEntity, { memberId });
    if (!account?.passwordHash || !(await this.deps.passwords.verify(String(raw.currentPassword ?? ''), account.passwordHash))) {
      throw errors.badInput('input.currentPassword', 'The current password is not right.');
    }
    const passwordHash = await this.deps.passwords.hash(newPassword);
    await this.deps.runtime.transaction(async (manager) => {
      await manager.update(AccountEntity, { memberId }, { passwordHash, passwordChangedAt: () => 'now()' });
      // The session that changed it stays; every other one ends, as the email tells.
      await endSessions(manager, memberId, { except: viewer.sessionId });
      const member = await manager.findOneByOrFail(MemberEntity, { id: memberId });
      await this.deps.emails.send(manager, 'passwordChanged', account.email, { displayName: member.displayName ?? '' });
    });
  }

  async requestPasswordReset(rawEmail: unknown): Promise<void> {
    const email = parseInput(emailSchema, rawEmail, 'input.email');
    await this.deps.runtime.transaction(async (manager) => {
      const found = await this.accountByEmail(manager, email);
      // The answer is the same either way, so the form cannot be used to find who has an account.
      if (!found || (await this.recentlySent(manager, found.member.id, 'RESET_PASSWORD'))) return;
      await this.sendEmailLink(manager, found.member, found.account.email, 'RESET_PASSWORD');
    });
  }

  async resetPassword(raw: { token: unknown; newPassword: unknown }): Promise<void> {
    const newPassword = parseInput(passwordSchema, raw.newPassword, 'input.newPassword');
    const passwordHash = await this.deps.passwords.hash(newPassword);
    await this.deps.runtime.transaction(async (manager) => {
      const emailToken = await this.useEmailToken(manager, String(raw.token ?? ''), 'RESET_PASSWORD');
      await manager.update(
        AccountEntity,
        { memberId: emailToken.memberId },
        // Following the link proves the address works, so it counts as verified.
        { passwordHash, passwordChangedAt: () => 'now()', emailVerifiedAt: () => 'coalesce(email_verified_at, now())' },
      );
      await this.revokeSessions(manager, emailToken.memberId);
      await this.throttle.forget(manager, (await manager.findOneByOrFail(AccountEntity, { memberId: emailToken.memberId })).email);
    });
  }

  /** Ends every session of a member: after a password change or reset, and on deletion. */
  async revokeSessions(manager: EntityManager, memberId: string): Promise<void> {
    await manager.update(RefreshTokenEntity, { memberId }, { revokedAt: () => 'coalesce(revoked_at, now())' });
  }

  /** `device` is given for a new family (a sign-in), left out for a refresh of an existing one. */
  private async issueSession(manager: EntityManager, memberId: string, familyId: string, device?: Device): Promise<Session> {
    const { auth } = this.deps.config;
    if (device) await this.sessions.started(manager, memberId, familyId, device);
    else await this.sessions.used(manager, memberId, familyId);
    const access = await signAccessToken(this.deps.keys, { memberId, issuer: auth.issuer, audience: auth.audience, ttlSeconds: auth.accessTokenTtlSeconds, sessionId: familyId });
    const refresh = newSecret();
    const refreshTokenExpiresAt = new Date(this.deps.runtime.clock.now().getTime() + auth.refreshTokenTtlDays * 86_400_000);
    await manager.insert(RefreshTokenEntity, { memberId, familyId, tokenHash: refresh.hash, expiresAt: refreshTokenExpiresAt });
    return { memberId, accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: refresh.token, refreshTokenExpiresAt };
  }

  private async accountByEmail(manager: EntityManager, email: string): Promise<{ account: AccountEntity; member: MemberEntity } | null> {
    const account = await manager.findOneBy(AccountEntity, { email });
    if (!account) return null;
    const member = await manager.findOneBy(MemberEntity, { id: account.memberId });
    return member && !member.deletedAt ? { account, member } : null;
  }

  private async sendEmailLink(manager: EntityManager, member: MemberEntity, email: string, purpose: EmailTokenPurpose): Promise<void> {
    const { emailTokenTtlHours: hours, publicAppUrl } = this.deps.config;
    const secret = newSecret();
    const now = this.deps.runtime.clock.now();
    await manager.insert(EmailTokenEntity, { memberId: member.id, purpose, tokenHash: secret.hash, createdAt: now, expiresAt: new Date(now.getTime() + hours * 3_600_000) });
    const path = purpose === 'VERIFY_EMAIL' ? 'verify-email' : 'reset-password';
    const link = `${publicAppUrl.replace(/\/$/, '')}/${path}?token=${encodeURIComponent(secret.token)}`;
    const params = { displayName: member.displayName ?? '', link, hours };
    await this.deps.emails.send(manager, purpose === 'VERIFY_EMAIL' ? 'verifyEmail' : 'passwordReset', email, params);
  }

  private async recentlySent(manager: EntityManager, memberId: string, purpose: EmailTokenPurpose): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM email_tokens WHERE member_id = $1 AND purpose = $2 AND created_at > $3::timestamptz - interval '1 minute'`,
      [memberId, purpose, this.deps.runtime.clock.now()],
    );
    return rows.length > 0;
  }

  private async useEmailToken(manager: EntityManager, token: string, purpose: EmailTokenPurpose): Promise<EmailTokenEntity> {
    const stored = await manager.findOne(EmailTokenEntity, { where: { tokenHash: hashSecret(token), purpose }, lock: { mode: 'pessimistic_write' } });
    if (!stored || stored.usedAt || stored.expiresAt < this.deps.runtime.clock.now()) {
      throw errors.badInput('input.token', 'This link is not valid any more. Ask for a new one.');
    }
    await manager.update(EmailTokenEntity, { id: stored.id }, { usedAt: () => 'now()' });
    return stored;
  }
}

export function requireSignedIn(viewer: Viewer): string {
  if (!viewer.memberId) throw errors.unauthenticated();
  return viewer.memberId;
}

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { errors, isUniqueViolation, membershipContracts, parseInput, publish, type ParticipantType, type Viewer } from '@praxis/platform';
import { AccountEntity, EmailTokenEntity, MemberEntity, RefreshTokenEntity, SignInThrottleEntity, type EmailTokenPurpose } from '../entities';
import type { Deps } from './deps';
import { hashSecret, newSecret } from './secrets';
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

const THROTTLE_WINDOW_MS = 15 * 60_000;
const MAX_LOCK_SECONDS = 15 * 60;
const INCORRECT = 'Email or password is incorrect.';

/** Sign-up, email verification, sign-in, sessions and passwords. */
export class Accounts {
  constructor(private readonly deps: Deps) {}

  async signUp(raw: unknown): Promise<MemberEntity> {
    const input = parseInput(signUpInput, raw);
    // Hashing is deliberately slow; do it before the transaction holds any locks.
    const passwordHash = await this.deps.passwords.hash(input.password);
    try {
      return await this.deps.runtime.transaction(async (manager) => {
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
        return member;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'accounts_email_key')) throw errors.conflict('DUPLICATE', 'An account with this email address exists already.', 'input.email');
      if (isUniqueViolation(error, 'members_handle_key')) throw errors.conflict('DUPLICATE', 'This handle is taken.', 'input.handle');
      throw error;
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

  async signIn(raw: { email: unknown; password: unknown }): Promise<Session> {
    const email = parseInput(emailSchema, raw.email, 'input.email');
    const password = typeof raw.password === 'string' ? raw.password : '';
    const key = `email:${email.toLowerCase()}`;
    await this.assertNotThrottled(key);
    const found = await this.accountByEmail(this.deps.runtime.db.manager, email);
    if (!found?.account.passwordHash) {
      await this.deps.passwords.burn(password);
      await this.recordFailure(key);
      throw errors.unauthenticated(INCORRECT);
    }
    if (!(await this.deps.passwords.verify(password, found.account.passwordHash))) {
      await this.recordFailure(key);
      throw errors.unauthenticated(INCORRECT);
    }
    if (!found.account.emailVerifiedAt) {
      throw errors.forbidden('Confirm your email address first: we sent you a link.', 'EMAIL_NOT_VERIFIED');
    }
    return this.deps.runtime.transaction(async (manager) => {
      await manager.delete(SignInThrottleEntity, { key });
      if (this.deps.passwords.needsRehash(found.account.passwordHash!)) {
        await manager.update(AccountEntity, { memberId: found.member.id }, { passwordHash: await this.deps.passwords.hash(password) });
      }
      return this.issueSession(manager, found.member.id, randomUUID());
    });
  }

  async refreshSession(refreshToken: string): Promise<Session> {
    const outcome = await this.deps.runtime.transaction(async (manager) => {
      const stored = await manager.findOne(RefreshTokenEntity, { where: { tokenHash: hashSecret(refreshToken) }, lock: { mode: 'pessimistic_write' } });
      if (!stored || stored.revokedAt || stored.expiresAt < new Date()) return { error: 'invalid' as const };
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
      await this.revokeSessions(manager, memberId);
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
      await manager.delete(SignInThrottleEntity, { key: `email:${(await manager.findOneByOrFail(AccountEntity, { memberId: emailToken.memberId })).email.toLowerCase()}` });
    });
  }

  /** Ends every session of a member: after a password change or reset, and on deletion. */
  async revokeSessions(manager: EntityManager, memberId: string): Promise<void> {
    await manager.update(RefreshTokenEntity, { memberId }, { revokedAt: () => 'coalesce(revoked_at, now())' });
  }

  private async issueSession(manager: EntityManager, memberId: string, familyId: string): Promise<Session> {
    const { auth } = this.deps.config;
    const access = await signAccessToken(this.deps.keys, { memberId, issuer: auth.issuer, audience: auth.audience, ttlSeconds: auth.accessTokenTtlSeconds });
    const refresh = newSecret();
    const refreshTokenExpiresAt = new Date(Date.now() + auth.refreshTokenTtlDays * 86_400_000);
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
    await manager.insert(EmailTokenEntity, { memberId: member.id, purpose, tokenHash: secret.hash, expiresAt: new Date(Date.now() + hours * 3_600_000) });
    const path = purpose === 'VERIFY_EMAIL' ? 'verify-email' : 'reset-password';
    const link = `${publicAppUrl.replace(/\/$/, '')}/${path}?token=${encodeURIComponent(secret.token)}`;
    const params = { displayName: member.displayName ?? '', link, hours };
    await this.deps.emails.send(manager, purpose === 'VERIFY_EMAIL' ? 'verifyEmail' : 'passwordReset', email, params);
  }

  private async recentlySent(manager: EntityManager, memberId: string, purpose: EmailTokenPurpose): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM email_tokens WHERE member_id = $1 AND purpose = $2 AND created_at > now() - interval '1 minute'`,
      [memberId, purpose],
    );
    return rows.length > 0;
  }

  private async useEmailToken(manager: EntityManager, token: string, purpose: EmailTokenPurpose): Promise<EmailTokenEntity> {
    const stored = await manager.findOne(EmailTokenEntity, { where: { tokenHash: hashSecret(token), purpose }, lock: { mode: 'pessimistic_write' } });
    if (!stored || stored.usedAt || stored.expiresAt < new Date()) {
      throw errors.badInput('input.token', 'This link is not valid any more. Ask for a new one.');
    }
    await manager.update(EmailTokenEntity, { id: stored.id }, { usedAt: () => 'now()' });
    return stored;
  }

  private async assertNotThrottled(key: string): Promise<void> {
    const row = await this.deps.runtime.db.manager.findOneBy(SignInThrottleEntity, { key });
    if (row?.lockedUntil && row.lockedUntil > new Date()) {
      throw errors.rateLimited(Math.ceil((row.lockedUntil.getTime() - Date.now()) / 1000), 'Too many failed sign-ins. Wait a moment and try again.');
    }
  }

  /**
   * Counts a failed sign-in in the database, so every replica sees it. Past the allowance each
   * further failure doubles the wait, up to fifteen minutes.
   */
  private async recordFailure(key: string): Promise<void> {
    const allowed = this.deps.config.auth.signInFailuresAllowed;
    await this.deps.runtime.db.query(
      `INSERT INTO sign_in_throttle AS t (key, failures, window_started_at) VALUES ($1, 1, now())
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.window_started_at < now() - make_interval(secs => $2) THEN 1 ELSE t.failures + 1 END,
         window_started_at = CASE WHEN t.window_started_at < now() - make_interval(secs => $2) THEN now() ELSE t.window_started_at END,
         locked_until = CASE
           WHEN t.window_started_at >= now() - make_interval(secs => $2) AND t.failures + 1 >= $3
           THEN now() + make_interval(secs => least($4, power(2, t.failures + 2 - $3)))
           ELSE t.locked_until END`,
      [key, THROTTLE_WINDOW_MS / 1000, allowed, MAX_LOCK_SECONDS],
    );
  }
}

export function requireSignedIn(viewer: Viewer): string {
  if (!viewer.memberId) throw errors.unauthenticated();
  return viewer.memberId;
}

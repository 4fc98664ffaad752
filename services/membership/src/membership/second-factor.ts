import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { EntityManager } from 'typeorm';
import { errors, type Access, type Viewer } from '@praxis/platform';
import { AccountEntity, RecoveryCodeEntity, SecondFactorEntity } from '../entities';
import type { Deps } from './deps';
import { open, seal } from './secret-box';
import { hashSecret } from './secrets';
import { endSessions } from './sessions';
import type { SignInThrottle } from './sign-in-throttle';
import { isUuid } from './validation';
import { auditChange } from './audit';

const PERIOD_SECONDS = 30;
/** One step either side of now: a code typed as it rolled over, or a slightly wrong phone clock. */
const WINDOW_STEPS = 1;
const RECOVERY_CODES = 10;
const ISSUER = 'Praxis';
const CODE_SHAPE = /^\d{6}$/;

export interface SecondFactorStatus {
  enabled: boolean;
  confirmedAt: Date | null;
  recoveryCodesLeft: number;
  /** A network where the viewer holds a staff role requires two factors of its staff. */
  required: boolean;
}

export interface Enrolment {
  secret: string;
  otpauthUri: string;
  qrCodeSvg: string;
}

/** What signIn was given beside the password. */
export interface SignInProof {
  secondFactorCode?: unknown;
  recoveryCode?: unknown;
}

/**
 * Two-factor sign-in with TOTP (RFC 6238, by `otpauth`) and single-use recovery codes. An
 * authenticator counts once a first code confirms it. A code is accepted once: the step it
 * belongs to is remembered, and a code of that step or an earlier one is a replay. Wrong codes
 * count as failed sign-ins of the account (SignInThrottle), so guessing one is slowed down too.
 */
export class SecondFactors {
  constructor(
    private readonly deps: Deps,
    private readonly throttle: SignInThrottle,
  ) {}

  async status(memberId: string): Promise<SecondFactorStatus> {
    const rows: { confirmed_at: Date | null; left: number; required: boolean }[] = await this.deps.runtime.db.query(
      `SELECT sf.confirmed_at,
              (SELECT count(*)::int FROM second_factor_recovery_codes r WHERE r.member_id = $1 AND r.used_at IS NULL) AS left,
              EXISTS (SELECT 1 FROM networks n WHERE n.require_second_factor_for_staff AND (
                EXISTS (SELECT 1 FROM network_roles nr WHERE nr.network_id = n.id AND nr.member_id = $1)
                OR EXISTS (SELECT 1 FROM memberships m JOIN communities c ON c.id = m.community_id
                           WHERE c.network_id = n.id AND m.member_id = $1 AND m.status = 'ACTIVE' AND m.role = 'COORDINATOR'))) AS required
       FROM (SELECT $1::uuid AS member_id) v LEFT JOIN second_factors sf ON sf.member_id = v.member_id`,
      [memberId],
    );
    const row = rows[0]!;
    const enabled = row.confirmed_at !== null;
    return { enabled, confirmedAt: row.confirmed_at, recoveryCodesLeft: enabled ? row.left : 0, required: row.required };
  }

  /** A new secret, not yet in force: `confirm` with a first code makes it count. */
  async enrol(viewer: Viewer): Promise<Enrolment> {
    const memberId = requireSession(viewer);
    const account = await this.account(memberId);
    const existing = await this.deps.runtime.db.manager.findOneBy(SecondFactorEntity, { memberId });
    if (existing?.confirmedAt) throw errors.conflict('INVALID_STATE', 'Two-factor sign-in is on already. Turn it off first to set up another authenticator.');
    const secret = new Secret({ size: 20 }).base32;
    await this.deps.runtime.db.query(
      `INSERT INTO second_factors (member_id, secret, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (member_id) DO UPDATE SET secret = $2, created_at = $3, last_used_step = NULL`,
      [memberId, seal(this.deps.config.secondFactorKey, secret, memberId), this.deps.runtime.clock.now()],
    );
    const otpauthUri = totp(secret, account.email).toString();
    return { secret, otpauthUri, qrCodeSvg: await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) };
  }

  /** Turns the enrolled authenticator on with its first code; answers the recovery codes, shown this once. */
  async confirm(viewer: Viewer, code: unknown): Promise<string[]> {
    const memberId = requireSession(viewer);
    const pending = await this.deps.runtime.db.manager.findOneBy(SecondFactorEntity, { memberId });
    if (!pending) throw errors.conflict('INVALID_STATE', 'Start with enrolSecondFactor.');
    if (pending.confirmedAt) throw errors.conflict('INVALID_STATE', 'Two-factor sign-in is on already.');
    await this.proveWithCode(viewer, memberId, { secondFactorCode: code }, false);
    return this.deps.runtime.transaction(async (manager) => {
      await manager.update(SecondFactorEntity, { memberId }, { confirmedAt: this.deps.runtime.clock.now() });
      return this.replaceRecoveryCodes(manager, memberId);
    });
  }

  /** New recovery codes for a fresh code (or an unused recovery code); the old ones stop working. */
  async regenerateRecoveryCodes(viewer: Viewer, code: unknown): Promise<string[]> {
    const memberId = requireSession(viewer);
    await this.requireEnabled(memberId);
    await this.proveWithCode(viewer, memberId, proofOf(code), true);
    return this.deps.runtime.transaction((manager) => this.replaceRecoveryCodes(manager, memberId));
  }

  /** Turns two-factor sign-in off; a fresh code (or an unused recovery code) proves the viewer holds it. */
  async disable(viewer: Viewer, code: unknown): Promise<void> {
    const memberId = requireSession(viewer);
    await this.requireEnabled(memberId);
    await this.proveWithCode(viewer, memberId, proofOf(code), true);
    await this.deps.runtime.db.manager.delete(SecondFactorEntity, { memberId });
  }

  /**
   * A network admin clears the second factor of a member of their network (a lost phone and no
   * recovery codes left): the member's sessions end, and the reset is audited in its own transaction.
   */
  async reset(access: Access, rawMemberId: unknown, requestId: string | null): Promise<void> {
    const actorId = access.requireMember();
    const memberId = typeof rawMemberId === 'string' && isUuid(rawMemberId) ? rawMemberId : null;
    const found: unknown[] = memberId ? await this.deps.runtime.db.query('SELECT 1 FROM members WHERE id = $1 AND deleted_at IS NULL', [memberId]) : [];
    if (!memberId || found.length === 0) throw errors.notFound('Member');
    const networks: { network_id: string }[] = await this.deps.runtime.db.query(
      `SELECT c.network_id FROM memberships m JOIN communities c ON c.id = m.community_id WHERE m.member_id = $1 AND m.status = 'ACTIVE'
       UNION SELECT nr.network_id FROM network_roles nr WHERE nr.member_id = $1
       ORDER BY network_id`,
      [memberId],
    );
    const rights = await Promise.all(networks.map((row) => access.network(row.network_id)));
    const adminOf = rights.find((right) => right?.isAdmin);
    if (!adminOf) {
      if (rights.some((right) => right?.secondFactorRequired)) throw errors.secondFactorRequired();
      throw errors.forbidden('Only admins of a network the member belongs to can reset their second factor.');
    }
    await this.deps.runtime.transaction(async (manager) => {
      await manager.delete(SecondFactorEntity, { memberId });
      // Whoever took the phone may hold a session too: every one of them ends.
      await endSessions(manager, memberId);
      await auditChange(manager, { actorId, action: 'SECOND_FACTOR_RESET', networkId: adminOf.networkId, subjectId: memberId, requestId, address: access.viewer.clientAddress ?? null });
    });
  }

  async networkRequirement(networkId: string): Promise<boolean> {
    const rows: { required: boolean }[] = await this.deps.runtime.db.query('SELECT require_second_factor_for_staff AS required FROM networks WHERE id = $1', [networkId]);
    return rows[0]?.required ?? false;
  }

  async setNetworkRequirement(access: Access, networkId: unknown, required: boolean): Promise<string> {
    access.requireMember();
    const id = typeof networkId === 'string' && isUuid(networkId) ? networkId : '';
    await access.requireNetworkAdmin(id);
    await this.deps.runtime.db.query('UPDATE networks SET require_second_factor_for_staff = $2, updated_at = now() WHERE id = $1', [id, required]);
    return id;
  }

  /**
   * The sign-in step for an account with a second factor; returns false for one without, whose
   * password decides alone. A missing code is answered alike whatever the password, and counts
   * as a failure either way, so neither the answer nor the throttle tells whether it was right.
   * A wrong password or a wrong code gets the same answer. ADR 2 has the reasoning.
   */
  async checkSignIn(memberId: string, email: string, address: string | undefined, passwordRight: boolean, proof: SignInProof): Promise<boolean> {
    const factor = await this.deps.runtime.db.manager.findOneBy(SecondFactorEntity, { memberId });
    if (!factor?.confirmedAt) return false;
    const incorrect = () => errors.unauthenticated('Email, password or code is incorrect.');
    if (!present(proof.secondFactorCode) && !present(proof.recoveryCode)) {
      await this.throttle.recordFailure(email, address);
      throw errors.unauthenticated('Enter the code from your authenticator app, or a recovery code, with your password.', 'SECOND_FACTOR_REQUIRED');
    }
    if (!passwordRight || !(await this.accept(memberId, factor, proof))) {
      await this.throttle.recordFailure(email, address);
      throw incorrect();
    }
    return true;
  }

  /** Whether the member's second factor is on; a deleted account has none (erasure deletes the row). */
  private async requireEnabled(memberId: string): Promise<void> {
    const factor = await this.deps.runtime.db.manager.findOneBy(SecondFactorEntity, { memberId });
    if (!factor?.confirmedAt) throw errors.conflict('INVALID_STATE', 'Two-factor sign-in is off.');
  }

  /** For the viewer's own changes: throttled like sign-in, a wrong code is BAD_USER_INPUT on `input.code`. */
  private async proveWithCode(viewer: Viewer, memberId: string, proof: SignInProof, allowRecovery: boolean): Promise<void> {
    const { email } = await this.account(memberId);
    await this.throttle.assertAllowed(email, viewer.clientAddress);
    const factor = await this.deps.runtime.db.manager.findOneByOrFail(SecondFactorEntity, { memberId });
    const accepted = await this.accept(memberId, factor, allowRecovery ? proof : { secondFactorCode: proof.secondFactorCode });
    if (!accepted) {
      await this.throttle.recordFailure(email, viewer.clientAddress);
      throw errors.badInput('input.code', 'This code is not right, or was used already. Enter the current code from your authenticator app.');
    }
  }

  /** Checks and uses a code: a TOTP code of a step after the last accepted one, or an unused recovery code. */
  private async accept(memberId: string, factor: SecondFactorEntity, proof: SignInProof): Promise<boolean> {
    if (present(proof.recoveryCode)) return this.useRecoveryCode(memberId, proof.recoveryCode);
    const code = String(proof.secondFactorCode).replace(/\s/g, '');
    if (!CODE_SHAPE.test(code)) return false;
    const timestamp = this.deps.runtime.clock.now().getTime();
    const delta = totp(open(this.deps.config.secondFactorKey, factor.secret, memberId), '').validate({ token: code, timestamp, window: WINDOW_STEPS });
    if (delta === null) return false;
    const step = Math.floor(timestamp / 1000 / PERIOD_SECONDS) + delta;
    // One statement decides, so two requests racing with the same code cannot both pass.
    const used: unknown[] = await this.deps.runtime.db.query(
      `UPDATE second_factors SET last_used_step = $2 WHERE member_id = $1 AND (last_used_step IS NULL OR last_used_step < $2) RETURNING member_id`,
      [memberId, step],
    );
    return (Array.isArray(used[0]) ? (used[0] as unknown[]) : used).length > 0;
  }

  private async useRecoveryCode(memberId: string, raw: string): Promise<boolean> {
    const rows: unknown[] = await this.deps.runtime.db.query(
      `UPDATE second_factor_recovery_codes SET used_at = $3 WHERE member_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`,
      [memberId, hashSecret(normaliseRecoveryCode(raw)), this.deps.runtime.clock.now()],
    );
    return (Array.isArray(rows[0]) ? (rows[0] as unknown[]) : rows).length > 0;
  }

  private async replaceRecoveryCodes(manager: EntityManager, memberId: string): Promise<string[]> {
    await manager.delete(RecoveryCodeEntity, { memberId });
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    await manager.insert(
      RecoveryCodeEntity,
      codes.map((code) => ({ memberId, codeHash: hashSecret(normaliseRecoveryCode(code)) })),
    );
    return codes;
  }

  private async account(memberId: string): Promise<AccountEntity> {
    const account = await this.deps.runtime.db.manager.findOneBy(AccountEntity, { memberId });
    if (!account) throw errors.unauthenticated();
    return account;
  }
}

function totp(secret: string, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secret) });
}

function present(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** One `code` field takes either kind: six digits are an authenticator code, anything else a recovery code. */
function proofOf(code: unknown): SignInProof {
  const text = typeof code === 'string' ? code.replace(/\s/g, '') : '';
  return CODE_SHAPE.test(text) ? { secondFactorCode: text } : { recoveryCode: text };
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** 16 characters from 31 (about 79 bits), so a fast hash is enough, as for refresh tokens. */
function newRecoveryCode(): string {
  const bytes = randomBytes(16);
  const chars = Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length]!).join('');
  return chars.match(/.{4}/g)!.join('-');
}

function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Second-factor changes need a signed-in person: an API token may not turn it off, nor read new
 * recovery codes.
 */
function requireSession(viewer: Viewer): string {
  if (!viewer.memberId) throw errors.unauthenticated();
  if (viewer.source === 'api_token') throw errors.forbidden('Change two-factor sign-in while signed in, not with an API token.', 'INSUFFICIENT_SCOPE');
  return viewer.memberId;
}

import type { EntityManager } from 'typeorm';
import { errors } from '@praxis/platform';
import type { Deps } from './deps';

const WINDOW_SECONDS = 15 * 60;
const MAX_LOCK_SECONDS = 15 * 60;
/** How many more failures an account absorbs, from all addresses together, than one address may cause. */
const ACCOUNT_FACTOR = 10;
/** An address the owner signed in from recently stays usable while the account is under attack. */
const KNOWN_ADDRESS_DAYS = 90;

interface Keys {
  /** One address guessing at one account: the tight limit. */
  pair: string;
  /** Every address together against one account: the loose limit. */
  account: string;
  /** The owner signed in from this address before. */
  known: string;
}

/**
 * Slows down password guessing without letting a guesser lock the owner out (OWASP's
 * Authentication Cheat Sheet, "Login throttling", and its device-cookie variant, kept on the
 * server by address). Failures count per address and account: past the allowance, that
 * address waits, doubling each time, up to fifteen minutes. They also count per account, ten
 * times looser, so guessing spread over many addresses slows too; that lock holds off only
 * addresses the owner has not signed in from lately, so the owner gets in. Counts live in the
 * database, so every replica sees them. Keys hold the address as the gateway saw it
 * (TRUST_PROXY decides whether a forwarded one counts).
 */
export class SignInThrottle {
  constructor(private readonly deps: Deps) {}

  async assertAllowed(email: string, address: string | undefined): Promise<void> {
    const keys = throttleKeys(email, address);
    const rows: { key: string; wait: number | null; known: boolean }[] = await this.deps.runtime.db.query(
      `SELECT key, ceil(extract(epoch FROM locked_until - $3::timestamptz))::int AS wait,
              window_started_at > $3::timestamptz - make_interval(days => $2) AS known
       FROM sign_in_throttle WHERE key = ANY($1::text[])`,
      [[keys.pair, keys.account, keys.known], KNOWN_ADDRESS_DAYS, this.deps.runtime.clock.now()],
    );
    const row = (key: string) => rows.find((candidate) => candidate.key === key);
    const known = row(keys.known)?.known === true;
    const wait = Math.max(row(keys.pair)?.wait ?? 0, known ? 0 : (row(keys.account)?.wait ?? 0));
    if (wait > 0) throw errors.rateLimited(wait, 'Too many failed sign-ins. Wait a moment and try again.');
  }

  async recordFailure(email: string, address: string | undefined): Promise<void> {
    const keys = throttleKeys(email, address);
    const allowed = this.deps.config.auth.signInFailuresAllowed;
    await this.count(keys.pair, allowed);
    await this.count(keys.account, allowed * ACCOUNT_FACTOR);
  }

  /** A success clears this address's count and remembers the address; the account's count stays. */
  async recordSuccess(manager: EntityManager, email: string, address: string | undefined): Promise<void> {
    const keys = throttleKeys(email, address);
    await manager.query('DELETE FROM sign_in_throttle WHERE key = $1', [keys.pair]);
    if (!address) return;
    await manager.query(
      `INSERT INTO sign_in_throttle (key, failures, window_started_at) VALUES ($1, 0, $2)
       ON CONFLICT (key) DO UPDATE SET window_started_at = $2`,
      [keys.known, this.deps.runtime.clock.now()],
    );
    // Addresses are personal data: one no longer counted as known is not kept either.
    await manager.query(`DELETE FROM sign_in_throttle WHERE starts_with(key, $1) AND window_started_at < $3::timestamptz - make_interval(days => $2)`, [
      `known:${email.toLowerCase()}|`,
      KNOWN_ADDRESS_DAYS,
      this.deps.runtime.clock.now(),
    ]);
  }

  /** After a password reset, or with the account: every count and known address of this email. */
  async forget(manager: EntityManager, email: string): Promise<void> {
    const keys = throttleKeys(email, undefined);
    const normalised = email.toLowerCase();
    await manager.query(`DELETE FROM sign_in_throttle WHERE key = $1 OR starts_with(key, $2) OR starts_with(key, $3)`, [
      keys.account,
      `pair:${normalised}|`,
      `known:${normalised}|`,
    ]);
  }

  private async count(key: string, allowed: number): Promise<void> {
    await this.deps.runtime.db.query(
      `INSERT INTO sign_in_throttle AS t (key, failures, window_started_at) VALUES ($1, 1, $5)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.window_started_at < $5::timestamptz - make_interval(secs => $2) THEN 1 ELSE t.failures + 1 END,
         window_started_at = CASE WHEN t.window_started_at < $5::timestamptz - make_interval(secs => $2) THEN $5 ELSE t.window_started_at END,
         locked_until = CASE
           WHEN t.window_started_at >= $5::timestamptz - make_interval(secs => $2) AND t.failures + 1 >= $3
           THEN $5::timestamptz + make_interval(secs => least($4, power(2, t.failures + 2 - $3)))
           ELSE t.locked_until END`,
      [key, WINDOW_SECONDS, allowed, MAX_LOCK_SECONDS, this.deps.runtime.clock.now()],
    );
  }
}

function throttleKeys(email: string, address: string | undefined): Keys {
  const account = email.toLowerCase();
  // Without an address (a call that did not come through the gateway) all such calls share one.
  const from = address ?? 'unknown';
  return { pair: `pair:${account}|${from}`, account: `email:${account}`, known: `known:${account}|${from}` };
}

import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

function scrypt(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

const KEY_LENGTH = 32;

/**
 * Password hashing with scrypt. The cost (log2 N) is a setting; the parameters are stored with
 * each hash, so raising the cost later re-hashes passwords as people sign in.
 */
export class PasswordHasher {
  constructor(private readonly log2N: number) {}

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const N = 2 ** this.log2N;
    const key = await scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { N, r: 8, p: 1, maxmem: 256 * N * 8 });
    return `scrypt$${this.log2N}$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const parts = stored.split('$');
    if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
    const [, log2N, r, p, salt, expected] = parts as [string, string, string, string, string, string];
    const N = 2 ** Number(log2N);
    const expectedKey = Buffer.from(expected, 'base64');
    const key = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64'), expectedKey.length, { N, r: Number(r), p: Number(p), maxmem: 256 * N * Number(r) });
    return key.length === expectedKey.length && timingSafeEqual(key, expectedKey);
  }

  needsRehash(stored: string): boolean {
    return stored.split('$')[1] !== String(this.log2N);
  }

  /**
   * Spends the same time as a real check, so a sign-in for an unknown address takes as long
   * as one for a known address and does not reveal which addresses have accounts.
   */
  async burn(password: string): Promise<void> {
    this.dummy ??= await this.hash('praxis-timing-equaliser');
    await this.verify(password, this.dummy);
  }

  private dummy?: string;
}

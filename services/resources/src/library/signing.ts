import { createHmac, timingSafeEqual } from 'node:crypto';
import { systemClock, type Clock } from '@praxis/platform';

export type SignedPurpose = 'upload' | 'download';

export interface SignedClaims {
  purpose: SignedPurpose;
  /** The file (upload) the link is for. */
  fileId: string;
  /** Unix seconds. */
  expires: number;
  /** Who the link was signed for, so downloads are attributed; empty for anonymous. */
  memberId: string;
}

/**
 * Signs the library's upload and download links with a secret only the resources service holds
 * (HMAC-SHA256). A link carries its own expiry; changing any part of it breaks the signature.
 */
export class UrlSigner {
  constructor(
    private readonly secret: string,
    private readonly clock: Clock = systemClock,
  ) {}

  sign(claims: SignedClaims): string {
    return createHmac('sha256', this.secret).update(this.canonical(claims)).digest('base64url');
  }

  /** True when the signature matches and the link has not expired. */
  verify(claims: SignedClaims, signature: string, now = this.clock.now().getTime()): boolean {
    if (!Number.isInteger(claims.expires) || claims.expires * 1000 < now) return false;
    const expected = Buffer.from(this.sign(claims));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private canonical(claims: SignedClaims): string {
    return [claims.purpose, claims.fileId, String(claims.expires), claims.memberId].join('\n');
  }
}

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, env, type SubgraphConfig } from '@praxis/platform';
import type { MembershipConfig } from './membership/config';
import { derivedKey } from './membership/secret-box';

/** Membership's own settings; the shared ones come from platform. Each name is documented in the README's table. */
export const membershipEnv = z.object({
  AUTH_ISSUER: z.string().min(1).default('praxis'),
  AUTH_AUDIENCE: z.string().min(1).default('praxis'),
  AUTH_SIGNING_KEYS: z.string().optional(),
  AUTH_SIGNING_KEYS_FILE: z.string().optional(),
  AUTH_ACCESS_TOKEN_TTL_SECONDS: env.int(900, 60, 86_400),
  AUTH_REFRESH_TOKEN_TTL_DAYS: env.int(30, 1, 365),
  AUTH_SIGN_IN_FAILURES_ALLOWED: env.int(5, 1, 100),
  AUTH_OIDC_AUTO_PROVISION: env.bool(false),
  PASSWORD_SCRYPT_LOG2N: env.int(15, 4, 20),
  EMAIL_TRANSPORT: z.enum(['file', 'smtp']).default('file'),
  EMAIL_DIR: z.string().default('.praxis/mail'),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  EMAIL_FROM: z.string().default('Praxis <no-reply@praxis.example.org>'),
  PUBLIC_APP_URL: env.httpUrl().default('http://localhost:3000'),
  INVITATION_TTL_DAYS: env.int(14, 1, 90),
  EMAIL_TOKEN_TTL_HOURS: env.int(24, 1, 168),
  MEMBERSHIP_INTERNAL_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  REPORT_SUPPRESSION_THRESHOLD: env.int(5, 1, 100),
  ERASURE_SWEEP_DELAY_SECONDS: env.int(300, 0, 86_400),
  AUDIT_TIMEOUT_MS: env.int(250, 10, 10_000),
  AUDIT_SPOOL_DIR: z.string().default('.praxis/audit-spool'),
  SECOND_FACTOR_ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/_-]{43}=?$/, 'must be 32 random bytes in base64 (openssl rand -base64 32)')
    .optional(),
});

export type MembershipEnv = z.infer<typeof membershipEnv>;

const jwkList = z.array(z.looseObject({ kty: z.string(), kid: z.string(), d: z.string() }));

function signingKeys(value: MembershipEnv, nodeEnv: string): MembershipConfig['auth']['signingKeys'] {
  const raw = value.AUTH_SIGNING_KEYS ?? (value.AUTH_SIGNING_KEYS_FILE ? readFileSync(value.AUTH_SIGNING_KEYS_FILE, 'utf8') : undefined);
  if (!raw) {
    if (nodeEnv === 'production') throw new ConfigError([{ variable: 'AUTH_SIGNING_KEYS', message: 'required in production (or AUTH_SIGNING_KEYS_FILE)' }]);
    return [];
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ConfigError([{ variable: 'AUTH_SIGNING_KEYS', message: 'is not valid JSON' }]);
  }
  const parsed = jwkList.safeParse(json);
  if (!parsed.success) throw new ConfigError([{ variable: 'AUTH_SIGNING_KEYS', message: 'must be a JSON array of private JWKs, each with a kid' }]);
  return parsed.data;
}

export function membershipConfig(value: MembershipEnv, shared: SubgraphConfig): MembershipConfig {
  if (value.EMAIL_TRANSPORT === 'smtp' && !value.SMTP_URL) throw new ConfigError([{ variable: 'SMTP_URL', message: 'required when EMAIL_TRANSPORT is smtp' }]);
  return {
    runtime: shared.runtime,
    auth: {
      issuer: value.AUTH_ISSUER,
      audience: value.AUTH_AUDIENCE,
      signingKeys: signingKeys(value, shared.runtime.nodeEnv),
      accessTokenTtlSeconds: value.AUTH_ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: value.AUTH_REFRESH_TOKEN_TTL_DAYS,
      scryptLog2N: value.PASSWORD_SCRYPT_LOG2N,
      oidcAutoProvision: value.AUTH_OIDC_AUTO_PROVISION,
      signInFailuresAllowed: value.AUTH_SIGN_IN_FAILURES_ALLOWED,
    },
    email:
      value.EMAIL_TRANSPORT === 'smtp'
        ? { transport: 'smtp', url: value.SMTP_URL!, from: value.EMAIL_FROM }
        : { transport: 'file', directory: value.EMAIL_DIR, from: value.EMAIL_FROM },
    publicAppUrl: value.PUBLIC_APP_URL,
    invitationTtlDays: value.INVITATION_TTL_DAYS,
    emailTokenTtlHours: value.EMAIL_TOKEN_TTL_HOURS,
    reportSuppressionThreshold: value.REPORT_SUPPRESSION_THRESHOLD,
    erasureSweepDelaySeconds: value.ERASURE_SWEEP_DELAY_SECONDS,
    audit: { timeoutMs: value.AUDIT_TIMEOUT_MS, spoolDir: value.AUDIT_SPOOL_DIR },
    internalPort: value.MEMBERSHIP_INTERNAL_PORT,
    secondFactorKey: secondFactorKey(value, shared),
  };
}

function secondFactorKey(value: MembershipEnv, shared: SubgraphConfig): Buffer {
  if (value.SECOND_FACTOR_ENCRYPTION_KEY) return Buffer.from(value.SECOND_FACTOR_ENCRYPTION_KEY, 'base64');
  if (shared.runtime.nodeEnv === 'production') {
    throw new ConfigError([{ variable: 'SECOND_FACTOR_ENCRYPTION_KEY', message: 'required in production: 32 random bytes in base64 (openssl rand -base64 32)' }]);
  }
  return derivedKey(shared.runtime.internalSecret);
}

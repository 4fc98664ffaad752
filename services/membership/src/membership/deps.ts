import type { ServiceRuntime } from '@praxis/platform';
import type { MembershipConfig } from './config';
import type { EmailOutbox } from './emails';
import type { PasswordHasher } from './passwords';
import type { SigningKeys } from './signing-keys';

/** What the membership domain needs from its process. Built once in index.ts. */
export interface Deps {
  runtime: ServiceRuntime;
  config: MembershipConfig;
  keys: SigningKeys;
  passwords: PasswordHasher;
  emails: EmailOutbox;
}

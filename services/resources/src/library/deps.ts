import type { ServiceRuntime } from '@praxis/platform';
import type { ResourcesConfig } from './config';
import type { FileStorage } from './storage';
import type { UrlSigner } from './signing';

/** What the library domain needs from its process. Built once in index.ts. */
export interface Deps {
  runtime: ServiceRuntime;
  config: ResourcesConfig;
  storage: FileStorage;
  signer: UrlSigner;
  /** The base of signed links, known once the server listens. */
  publicUrl(): string;
}

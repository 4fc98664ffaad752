import type { z } from 'zod';
import type { MixedList } from 'typeorm';
import type { Clock } from '../clock';
import type { SeedingClock } from '../seed/clock';
import type { Logger } from '../logging/logger';
import type { ServiceRuntime } from './runtime';

/** A running service, as the start script and the end-to-end harness hold it. */
export interface RunningService {
  name: string;
  /** Base URL; the GraphQL endpoint is `${url}/graphql`. */
  url: string;
  runtime: ServiceRuntime;
  stop(): Promise<void>;
}

/** Shared by the seeders of every service: who and what the earlier seeders created. */
export interface SeedManifest {
  networks: Record<string, string>;
  communities: Record<string, { id: string; networkId: string }>;
  members: Record<string, string>;
  /** Member ids by community key, in a stable order, for later services to pick authors from. */
  communityMembers: Record<string, string[]>;
  [extra: string]: unknown;
}

export interface Progress {
  start(label: string, total: number): void;
  increment(by?: number): void;
  stop(): void;
}

export interface SeedContext {
  manifest: SeedManifest;
  logger: Logger;
  progress: Progress;
  /** The fixed random seed of scale mode, so runs are repeatable. */
  randomSeed: number;
  /**
   * The clock every seeded service was started with. With it, the demo seed writes about 18
   * months of backdated history through the domain; without it (or with `history: false`) it
   * seeds the present only.
   */
  clock?: SeedingClock;
  history?: boolean;
}

/**
 * What every service package exports as `service`, so that start-up, tests and seeding can
 * handle each subgraph listed in schema/subgraphs.json the same way.
 */
export interface ServiceModule<Env extends z.ZodObject = z.ZodObject, Config = unknown, Running extends RunningService = RunningService> {
  name: string;
  /** The PostgreSQL schema it owns, and its job-queue schema. */
  schema: string;
  jobSchema: string;
  /** Its settings, which its env.ts parses. */
  env: Env;
  config(env: z.infer<Env>): Config;
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
  /** A TestClock in `options.clock` moves the service's time in tests. */
  start(config: Config, options?: { logger?: Logger; clock?: Clock }): Promise<Running>;
  seed?: {
    demo(running: Running, context: SeedContext): Promise<void>;
    scale?(running: Running, context: SeedContext): Promise<void>;
  };
}

import type { ServiceRuntime } from '@praxis/platform';
import type { ReadModel } from './read-model';

/** What the discussion domain needs from its process. Built once in index.ts. */
export interface Deps {
  runtime: ServiceRuntime;
  read: ReadModel;
}

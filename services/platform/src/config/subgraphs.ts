import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceModule } from '../server/service-module';

export interface SubgraphEntry {
  name: string;
  package: string;
  /** The directory of its SDL files (src/schema); see ./sdl.ts. */
  schema: string;
  /** Shared SDL it loads besides its own files (keys of SHARED_SDL). */
  shared?: ('reports')[];
  url: string;
  port: number;
}

/** The repository root, found from this file so scripts and tests work from any directory. */
export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

/** schema/subgraphs.json: the one list of subgraphs. */
export function readSubgraphs(): SubgraphEntry[] {
  const raw = JSON.parse(readFileSync(join(REPO_ROOT, 'schema', 'subgraphs.json'), 'utf8')) as { subgraphs: SubgraphEntry[] };
  return raw.subgraphs;
}

/** Loads each listed package's `service` export, without the shared package depending on any. */
export function loadServiceModules(): ServiceModule[] {
  return readSubgraphs().map((entry) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(entry.package) as { service?: ServiceModule };
    if (!loaded.service) throw new Error(`${entry.package} does not export a service module`);
    return loaded.service;
  });
}

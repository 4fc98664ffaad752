import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT, type SubgraphEntry } from './subgraphs';

/**
 * SDL kept once in the platform and loaded into every subgraph that names it. Found from this
 * file, so the compiled platform reads the copy the build puts in its dist/ (images ship no src/).
 */
export const SHARED_SDL = {
  reports: join(__dirname, '..', 'reports', 'report-types.graphql'),
} as const;

export type SharedSdl = keyof typeof SHARED_SDL;

/**
 * The files a subgraph's schema is made of: every `*.graphql` in its schema directory, in name
 * order (so `_schema.graphql`, with the federation link and the root types, comes first), then the
 * shared files it names. Runtime, compose, codegen and lint all read this one list.
 */
export function subgraphSdlFiles(dir: string, options: { shared?: readonly SharedSdl[] } = {}): string[] {
  const own = readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => join(dir, file));
  if (own.length === 0) throw new Error(`no .graphql files in ${relative(REPO_ROOT, dir)}`);
  return [...own, ...(options.shared ?? []).map((name) => SHARED_SDL[name])];
}

/** One subgraph's SDL: its own files and the shared ones, as one document's text. */
export function loadSubgraphSdl(dir: string, options: { shared?: readonly SharedSdl[] } = {}): string {
  return subgraphSdlFiles(dir, options)
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
}

/** The SDL of a subgraph listed in schema/subgraphs.json. */
export function entrySdl(entry: SubgraphEntry): string {
  return loadSubgraphSdl(join(REPO_ROOT, entry.schema), { shared: entry.shared ?? [] });
}

/**
 * npm run release:schema -- <version> [--date YYYY-MM-DD]: records the current client schema as
 * released. Copies schema/api.graphql to schema/released/api.graphql with the version in its
 * header, and moves CHANGELOG.md's Unreleased entries under "## <version> — <date>".
 * Refuses while `npm run check:schema` would fail, so every breaking change is in the notes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compareVersions, isVersion, latestReleasedVersion, releaseChangelog } from './lib/changelog';
import { checkSchema, releasedHeader, releasedVersion, withoutHeader } from './lib/schema-diff';

const root = join(__dirname, '..');
const RELEASED = 'schema/released/api.graphql';
const read = (file: string): string => readFileSync(join(root, file), 'utf8');

function parseArguments() {
  return parseArgs({ allowPositionals: true, options: { date: { type: 'string' } } });
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main(): Promise<void> {
  const usage = 'Usage: npm run release:schema -- <version, such as 0.11.0> [--date YYYY-MM-DD]';
  let parsed: ReturnType<typeof parseArguments>;
  try {
    parsed = parseArguments();
  } catch (error) {
    fail(`${(error as Error).message}\n${usage}`);
  }
  const version = parsed.positionals[0] ?? '';
  const date = parsed.values.date ?? new Date().toISOString().slice(0, 10);
  if (parsed.positionals.length !== 1 || !isVersion(version)) fail(usage);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) fail(`--date must be YYYY-MM-DD, not ${date}`);

  const released = read(RELEASED);
  const changelog = read('CHANGELOG.md');
  const previous = releasedVersion(released) ?? latestReleasedVersion(changelog);
  if (previous && compareVersions(version, previous) <= 0) fail(`${version} is not after the last release, ${previous}.`);

  const current = read('schema/api.graphql');
  const check = await checkSchema(released, current, changelog);
  if (check.problems.length > 0) fail(`Not released: npm run check:schema fails.\n  ${check.problems.join('\n  ')}`);

  writeFileSync(join(root, RELEASED), `${releasedHeader(version, date)}\n${withoutHeader(current)}`);
  writeFileSync(join(root, 'CHANGELOG.md'), releaseChangelog(changelog, version, date));
  console.log(`Released the client schema as ${version} (${date}): wrote ${RELEASED} and CHANGELOG.md. Review and commit both.`);
}

void main();

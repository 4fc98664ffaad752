/**
 * npm run check:schema (part of npm test): compares schema/api.graphql with the last released
 * client schema, schema/released/api.graphql, and prints the changes by criticality (safe ones
 * counted by kind; `-- --verbose` lists each). Fails when a
 * breaking change is not named under "## Unreleased" → "### Breaking" in CHANGELOG.md, or when
 * something is removed that the release did not mark @deprecated.
 * The release is a committed file rather than a git tag, so a fresh clone without tags or a
 * remote checks the same way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { latestReleasedVersion } from './lib/changelog';
import { checkSchema, formatSchemaCheck, releasedVersion } from './lib/schema-diff';

const root = join(__dirname, '..');
const read = (file: string): string => readFileSync(join(root, file), 'utf8');

async function main(): Promise<void> {
  const released = read('schema/released/api.graphql');
  const changelog = read('CHANGELOG.md');
  const version = releasedVersion(released);
  const check = await checkSchema(released, read('schema/api.graphql'), changelog);
  console.log(formatSchemaCheck(check, version, process.argv.includes('--verbose')));
  const latest = latestReleasedVersion(changelog);
  if (version !== latest) {
    console.error(`\nschema/released/api.graphql is release ${version ?? '(no version header)'}, but CHANGELOG.md's newest release is ${latest ?? '(none)'}: release with \`npm run release:schema -- <version>\`.`);
    process.exitCode = 1;
  }
  if (check.problems.length > 0) process.exitCode = 1;
}

void main();

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { latestReleasedVersion } from '../changelog';
import { checkSchema, namedBreakingChanges, releasedHeader, releasedVersion, withoutHeader } from '../schema-diff';

const changelog = (...breaking: string[]): string =>
  ['# Changelog', '', '## Unreleased', '', '### Breaking', '', ...breaking, '', '### Added', '', '## 0.10.0 — 2026-11-22', ''].join('\n');

const released = `
type Query {
  community(slug: String): Community
  search(text: String, limit: Int): [String!]!
}
type Community {
  name: String!
  slug: String!
  title: String @deprecated(reason: "Use name.")
  kind: Kind!
}
enum Kind { OPEN CLOSED SECRET @deprecated(reason: "Nobody used it.") }
`;

describe('check:schema rules', () => {
  it('passes an added field, printing it as safe', async () => {
    const check = await checkSchema(released, released.replace('name: String!', 'name: String!\n  about: String'), changelog());
    expect(check.problems).toEqual([]);
    expect(check.breaking).toEqual([]);
    expect(check.safe.map((change) => change.path)).toContain('Community.about');
  });

  it('fails a removed field that is neither named nor deprecated, for both reasons', async () => {
    const check = await checkSchema(released, released.replace('  slug: String!\n', ''), changelog());
    expect(check.breaking.map(({ change, named }) => [change.path, named])).toEqual([['Community.slug', false]]);
    expect(check.problems).toHaveLength(2);
    expect(check.problems[0]).toMatch(/`Community\.slug` is a breaking change that CHANGELOG\.md does not name/);
    expect(check.problems[1]).toMatch(/Community\.slug: the field was removed without being @deprecated/);
  });

  it('fails a removed field that the CHANGELOG names but the release did not deprecate', async () => {
    const check = await checkSchema(released, released.replace('  slug: String!\n', ''), changelog('- `Community.slug` is gone.'));
    expect(check.breaking.map(({ named }) => named)).toEqual([true]);
    expect(check.problems).toEqual([expect.stringMatching(/^Community\.slug: the field was removed without being @deprecated/)]);
  });

  it('passes a field deprecated in the release, removed now and named in the CHANGELOG', async () => {
    const current = released.replace('  title: String @deprecated(reason: "Use name.")\n', '');
    expect((await checkSchema(released, current, changelog('- `Community.title`: use `Community.name`.'))).problems).toEqual([]);
    // Deprecation alone is not enough: the removal still has to be announced.
    expect((await checkSchema(released, current, changelog())).problems).toEqual([expect.stringMatching(/^`Community\.title` is a breaking change/)]);
  });

  it('holds enum values to the same rule', async () => {
    const withoutClosed = released.replace('OPEN CLOSED', 'OPEN');
    expect((await checkSchema(released, withoutClosed, changelog('- `Kind.CLOSED`'))).problems).toEqual([
      expect.stringMatching(/^Kind\.CLOSED: the enum value was removed without being @deprecated/),
    ]);
    const withoutSecret = released.replace(' SECRET @deprecated(reason: "Nobody used it.")', '');
    expect((await checkSchema(released, withoutSecret, changelog('- `Kind.SECRET`'))).problems).toEqual([]);
  });

  it('fails an argument made non-null unless named, by path or by schema coordinate', async () => {
    const current = released.replace('search(text: String,', 'search(text: String!,');
    const unnamed = await checkSchema(released, current, changelog());
    expect(unnamed.breaking.map(({ change }) => [change.type, change.path])).toEqual([['FIELD_ARGUMENT_TYPE_CHANGED', 'Query.search.text']]);
    expect(unnamed.problems).toHaveLength(1);
    expect((await checkSchema(released, current, changelog('- `Query.search.text` is required.'))).problems).toEqual([]);
    expect((await checkSchema(released, current, changelog('- `Query.search(text:)` is required.'))).problems).toEqual([]);
  });

  it('counts only names under Unreleased → Breaking', async () => {
    const current = released.replace('name: String!', 'name: String');
    const elsewhere = changelog().replace('### Added\n', '### Added\n\n- `Community.name`\n').replace('## 0.10.0 — 2026-11-22\n', '## 0.10.0 — 2026-11-22\n\n### Breaking\n\n- `Community.name`\n');
    expect((await checkSchema(released, current, elsewhere)).problems).toHaveLength(1);
    expect((await checkSchema(released, current, changelog('- Community.name is nullable.'))).problems).toEqual([]);
    expect(namedBreakingChanges(changelog('- `Community.members`, `Community.invitations` and Event.resources.'))).toEqual(
      new Set(['Community.members', 'Community.invitations', 'Event.resources']),
    );
  });

  it('warns on a dangerous change without failing', async () => {
    const check = await checkSchema(released, released.replace('enum Kind { OPEN', 'enum Kind { INVITE OPEN'), changelog());
    expect(check.dangerous.map((change) => change.path)).toEqual(['Kind.INVITE']);
    expect(check.problems).toEqual([]);
  });

  it('writes and reads back the release header', () => {
    const file = `${releasedHeader('0.11.0', '2026-12-05')}\n${withoutHeader('# Generated. Do not edit.\n\ntype Query { a: Int }\n')}`;
    expect(releasedVersion(file)).toBe('0.11.0');
    expect(file.split('\n').slice(1).join('\n')).toBe('\ntype Query { a: Int }\n');
  });
});

describe('the repository', () => {
  const read = (file: string): string => readFileSync(join(__dirname, '../../..', file), 'utf8');

  it('ships schema/api.graphql: every breaking change since the release is named, nothing undeprecated removed', async () => {
    const releasedSdl = read('schema/released/api.graphql');
    const check = await checkSchema(releasedSdl, read('schema/api.graphql'), read('CHANGELOG.md'));
    expect(check.problems).toEqual([]);
    expect(releasedVersion(releasedSdl)).toBe(latestReleasedVersion(read('CHANGELOG.md')));
  });
});

import { compareVersions, isVersion, latestReleasedVersion, releaseChangelog } from '../changelog';

const before = `# Changelog

Intro.

## Unreleased

### Breaking

- \`Community.members\` is nullable.

### Added

- \`SignUpPayload.ok\`.
- \`Me.cpdLog\`.

### Changed

### Deprecated

## 0.10.0 — 2026-11-22

First release.
`;

describe('CHANGELOG.md releases', () => {
  it('moves the Unreleased entries under the new version and leaves the headings empty', () => {
    expect(releaseChangelog(before, '0.11.0', '2026-12-05')).toBe(`# Changelog

Intro.

## Unreleased

### Breaking

### Added

### Changed

### Deprecated

## 0.11.0 — 2026-12-05

### Breaking

- \`Community.members\` is nullable.

### Added

- \`SignUpPayload.ok\`.
- \`Me.cpdLog\`.

## 0.10.0 — 2026-11-22

First release.
`);
  });

  it('says so when a release changes nothing clients see', () => {
    const empty = releaseChangelog(releaseChangelog(before, '0.11.0', '2026-12-05'), '0.11.1', '2026-12-06');
    expect(empty).toContain('## 0.11.1 — 2026-12-06\n\nNo client-visible changes.\n\n## 0.11.0 — 2026-12-05');
    expect(latestReleasedVersion(empty)).toBe('0.11.1');
  });

  it('refuses a CHANGELOG without an Unreleased section', () => {
    expect(() => releaseChangelog('# Changelog\n\n## 0.10.0 — 2026-11-22\n', '0.11.0', '2026-12-05')).toThrow(/Unreleased/);
  });

  it('orders versions numerically', () => {
    expect(isVersion('0.11.0')).toBe(true);
    expect(isVersion('v0.11')).toBe(false);
    expect(compareVersions('0.10.0', '0.9.3')).toBeGreaterThan(0);
    expect(compareVersions('0.10.0', '0.10.0')).toBe(0);
    expect(latestReleasedVersion(before)).toBe('0.10.0');
  });
});

/**
 * CHANGELOG.md in Keep a Changelog style: "## Unreleased" with "### Breaking", "### Added", …,
 * then one "## <version> — <date>" section per release, newest first.
 */

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?$/;

export function isVersion(text: string): boolean {
  return SEMVER.test(text);
}

/** Negative when a comes before b; pre-release suffixes are not ordered, only told apart by equality. */
export function compareVersions(a: string, b: string): number {
  const [, ...left] = SEMVER.exec(a) ?? [];
  const [, ...right] = SEMVER.exec(b) ?? [];
  for (let index = 0; index < 3; index += 1) {
    const difference = Number(left[index]) - Number(right[index]);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The newest released version: the first "## x.y.z" heading. */
export function latestReleasedVersion(changelog: string): string | undefined {
  return /^## +\[?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\]?/m.exec(changelog)?.[1];
}

/**
 * Moves the Unreleased entries under a new "## <version> — <date>" heading and leaves the
 * Unreleased headings empty for the next release. Empty subsections are not copied.
 */
export function releaseChangelog(changelog: string, version: string, date: string): string {
  const lines = changelog.split('\n');
  const start = lines.findIndex((line) => /^## +Unreleased\b/i.test(line));
  if (start < 0) throw new Error('CHANGELOG.md has no "## Unreleased" section.');
  let end = lines.findIndex((line, index) => index > start && /^## /.test(line));
  if (end < 0) end = lines.length;

  const intro: string[] = [];
  const sections: Array<{ heading: string; entries: string[] }> = [];
  for (const line of lines.slice(start + 1, end)) {
    if (/^### /.test(line)) sections.push({ heading: line.trim(), entries: [] });
    else if (sections.length === 0) intro.push(line);
    else sections.at(-1)?.entries.push(line);
  }

  const trimmed = (entries: string[]): string[] => {
    const copy = [...entries];
    while (copy[0]?.trim() === '') copy.shift();
    while (copy.at(-1)?.trim() === '') copy.pop();
    return copy;
  };

  const unreleased = [lines[start]];
  if (trimmed(intro).length > 0) unreleased.push('', ...trimmed(intro));
  for (const section of sections) unreleased.push('', section.heading);
  unreleased.push('');

  const filled = sections.filter((section) => trimmed(section.entries).length > 0);
  const released = [`## ${version} — ${date}`, ''];
  if (filled.length === 0) released.push('No client-visible changes.', '');
  for (const section of filled) released.push(section.heading, '', ...trimmed(section.entries), '');

  return [...lines.slice(0, start), ...unreleased, ...released, ...lines.slice(end)].join('\n');
}

/**
 * Reads docs/adding-a-subgraph.md as the source of a subgraph: every fenced block preceded by
 * `<!-- file: <path> -->` is one file of its example service, `notes`. Its test writes them under
 * another name, so the guide cannot drift from the code it describes.
 */

/** A file the guide writes out in full. */
export interface GuideFile {
  /** Its path in the repository, as the marker names it. */
  path: string;
  content: string;
}

/** The placeholder the guide's example is named by: `note`, `Note`, `NOTE` (and so `notes`, `NotesDomain`). */
const PLACEHOLDER = /note/gi;

const FILE_BLOCK = /^<!--\s*file:\s*(\S+)\s*-->[ \t]*\r?\n(?:[ \t]*\r?\n)*```[\w-]*\r?\n([\s\S]*?)\r?\n```/gm;

/** Every marked block of the guide, in the guide's order; a path marked twice is a mistake. */
export function guideFiles(markdown: string): GuideFile[] {
  const files = [...markdown.matchAll(FILE_BLOCK)].map((match) => ({ path: match[1]!, content: `${match[2]!}\n` }));
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) throw new Error(`the guide marks ${file.path} twice`);
    seen.add(file.path);
  }
  const markers = markdown.match(/^<!--\s*file:/gm)?.length ?? 0;
  if (markers !== files.length) throw new Error(`${markers - files.length} file marker(s) in the guide are not followed by a fenced block`);
  return files;
}

/**
 * Renames the example: every `note` becomes `stem` in the same case (`Note` → `Stem`, `NOTE` →
 * `STEM`), so `notes`, `NotesDomain`, `addNote` and `NOTES_PORT` follow. `stem` is lowercase
 * letters, so it makes a valid service, schema, role and type name.
 */
export function renameExample(text: string, stem: string): string {
  if (!/^[a-z]+$/.test(stem)) throw new Error(`the stem must be lowercase letters: ${stem}`);
  return text.replace(PLACEHOLDER, (found) => {
    if (found === found.toUpperCase()) return stem.toUpperCase();
    if (found[0] === found[0]!.toUpperCase()) return stem[0]!.toUpperCase() + stem.slice(1);
    return stem;
  });
}

/**
 * The settings the guide says defineSubgraph adds: every `code` span between
 * `<!-- shared-settings -->` and `<!-- /shared-settings -->`, with `<NAME>` for the service's prefix.
 */
export function guideSharedSettings(markdown: string, prefix: string): string[] {
  const section = /<!--\s*shared-settings\s*-->([\s\S]*?)<!--\s*\/shared-settings\s*-->/.exec(markdown);
  if (!section) throw new Error('the guide has no <!-- shared-settings --> section');
  return [...section[1]!.matchAll(/`([^`]+)`/g)].map((match) => match[1]!.replace('<NAME>', prefix));
}

const FENCED_CODE = /^(```|~~~)[^\n]*\n[\s\S]*?(^\1[^\n]*$|(?![\s\S]))/gm;
const INLINE_CODE = /(`+)[\s\S]*?\1/g;
// A handle as membership allows it, not preceded by what would make it part of an email
// address or a URL path, and not followed by more handle-like characters.
const MENTION = /(?<![A-Za-z0-9_.@/+-])@([A-Za-z0-9_]{3,30})(?![A-Za-z0-9_]|[.-][A-Za-z0-9])/g;

export const MAX_MENTIONS = 50;

/**
 * The @handles a Markdown body mentions, lower-case and without the @, in order of first
 * appearance. Code is skipped: `@decorator` in a snippet mentions nobody.
 */
export function extractMentions(markdown: string): string[] {
  const prose = markdown.replace(FENCED_CODE, ' ').replace(INLINE_CODE, ' ');
  const handles = new Set<string>();
  for (const match of prose.matchAll(MENTION)) {
    handles.add(match[1]!.toLowerCase());
    if (handles.size === MAX_MENTIONS) break;
  }
  return [...handles];
}

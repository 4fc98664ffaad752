import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const marked = new Marked({ gfm: true, breaks: false, async: false });

/**
 * What survives sanitising: prose, lists, links, code, quotes and tables. No scripts, no
 * styles, no event handlers, no iframes, and links only to http, https and mailto.
 */
const POLICY: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { a: ['href', 'title'], ol: ['start'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // Links written by members open without handing them the opener, and carry no ranking weight.
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow ugc noopener noreferrer' } }),
  },
};

/**
 * Renders member-written Markdown to HTML that is safe to insert into a page. The Markdown is
 * stored as written; this runs when the HTML is asked for.
 */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return sanitizeHtml(html, { ...POLICY, allowedAttributes: { ...POLICY.allowedAttributes, a: ['href', 'title', 'rel'] } });
}

/**
 * Where one block of text ends and the next begins: the end of any element that is not inline
 * formatting. Without a space there, the last word of one block and the first of the next fuse.
 */
const BLOCK_END = /<\/(?!(?:a|abbr|b|cite|code|del|em|i|kbd|mark|q|s|samp|small|span|strong|sub|sup|u|var)>)[a-z][a-z0-9]*>|<br\s*\/?>|<hr[^>]*>/gi;

/** Markdown reduced to plain text, for search snippets, email bodies and previews. */
export function markdownToText(markdown: string): string {
  return sanitizeHtml((marked.parse(markdown) as string).replace(BLOCK_END, '$& '), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

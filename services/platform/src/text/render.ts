import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * How deep blocks and inline spans may nest. markdown-it parses nested blocks by recursion, so
 * without a bound `>>>>…` or `- - - …` in a 20,000-character post overflows the stack; past
 * the bound the rest of the block is dropped, which no one writing for people gets near.
 */
export const MAX_NESTING = 50;

/**
 * markdown-it because it parses in time linear in its input, pathological input included
 * (runs of `_*`, `[`, `>`, nested lists, backticks), where the previous renderer took seconds
 * or overflowed the stack on one post.
 *
 * Raw HTML is parsed, and `validateLink` lets every destination through, so that the sanitiser
 * below stays the one place that decides what survives: `<b>` keeps working, `<script>` and a
 * `javascript:` link lose their danger but not the words around them.
 */
const md = new MarkdownIt('default', { html: true, linkify: true, typographer: false, breaks: false, maxNesting: MAX_NESTING });
md.validateLink = () => true;

// GFM links `www.example.org` without a scheme; linkify-it's own fuzzy matching would also
// link any word ending in a TLD (`README.md`), so only the `www.` prefix is added.
const wwwTail = new RegExp(md.linkify.re.get_url_host_port().source + md.linkify.re.get_path().source, 'iy');
md.linkify.add('www.', {
  validate(text, pos) {
    wwwTail.lastIndex = pos;
    return wwwTail.exec(text)?.[0].length ?? 0;
  },
  normalize(match) {
    match.url = `http://${match.url}`;
  },
});

// Tables say their alignment with a style attribute, which the policy does not allow; `align`
// is what it allows on cells.
for (const type of ['th_open', 'td_open']) {
  md.renderer.rules[type] = (tokens, index, options, _env, self) => {
    const token = tokens[index]!;
    const align = /^text-align:(left|right|center)$/.exec(String(token.attrGet('style') ?? ''))?.[1];
    if (align) {
      token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
      token.attrSet('align', align);
    }
    return self.renderToken(tokens, index, options);
  };
}

/**
 * What survives sanitising: prose, lists, links, code, quotes and tables. No scripts, no
 * styles, no event handlers, no iframes, and links only to http, https and mailto.
 */
const POLICY: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { a: ['href', 'title', 'rel'], ol: ['start'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // Links written by members open without handing them the opener, and carry no ranking weight.
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow ugc noopener noreferrer' } }),
  },
};

/** Member-written Markdown to HTML that is safe to insert into a page. Uncached: see markdown.ts. */
export function renderHtml(markdown: string): string {
  return sanitizeHtml(md.render(markdown), POLICY);
}

/**
 * Where one block of text ends and the next begins: the end of any element that is not inline
 * formatting. Without a space there, the last word of one block and the first of the next fuse.
 * `<hr` stops at the next `<` too, so that raw `<hr <hr <hr …` without a `>` is one pass, not one
 * pass per `<hr`.
 */
const BLOCK_END = /<\/(?!(?:a|abbr|b|cite|code|del|em|i|kbd|mark|q|s|samp|small|span|strong|sub|sup|u|var)>)[a-z][a-z0-9]*>|<br\s*\/?>|<hr\b[^<>]*>/gi;

/** Markdown reduced to plain text, for search snippets, email bodies and previews. Uncached. */
export function renderText(markdown: string): string {
  return sanitizeHtml(md.render(markdown).replace(BLOCK_END, '$& '), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

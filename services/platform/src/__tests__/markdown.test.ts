import { markdownToText, renderMarkdown } from '../text/markdown';

/** Payloads from the usual XSS cheat sheets, in Markdown and raw HTML forms. */
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](vbscript:msgbox(1))',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="  javascript:alert(1)">x</a>',
  '<a href="java\tscript:alert(1)">x</a>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<body onload=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '![x](x" onerror="alert(1))',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel="stylesheet" href="javascript:alert(1)">',
  '<base href="javascript:/">',
  '<a href="//evil.example/">protocol-relative</a>',
  '<p onclick="alert(1)">click</p>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '`<script>alert(1)</script>`',
];

describe('renderMarkdown', () => {
  test.each(PAYLOADS)('neutralises %s', (payload) => {
    const html = renderMarkdown(payload).toLowerCase();
    expect(html).not.toMatch(/<script|<iframe|<object|<embed|<form|<meta|<link|<base|<svg|<img|<input|<style|<body/);
    expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/);
    expect(html).not.toMatch(/href\s*=\s*"\s*(javascript|vbscript|data):/);
    expect(html).not.toContain('href="//');
  });

  test('keeps the Markdown people write', () => {
    const html = renderMarkdown('**Case scenario**: see [the toolkit](https://example.org/toolkit).\n\n- one\n- two\n\n> quoted');
    expect(html).toContain('<strong>Case scenario</strong>');
    expect(html).toContain('<a href="https://example.org/toolkit" rel="nofollow ugc noopener noreferrer">the toolkit</a>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<blockquote>');
  });

  test('keeps GitHub-flavoured tables, their alignment, strikethrough and bare links', () => {
    const html = renderMarkdown('| Drug | Dose |\n|:-----|-----:|\n| one | ~~2 mg~~ 1 mg |\n\nSee www.example.org or https://example.org/a?b=1 or help@example.org.');
    expect(html).toContain('<th align="left">Drug</th>');
    expect(html).toContain('<td align="right"><s>2 mg</s> 1 mg</td>');
    expect(html).not.toContain('style=');
    expect(html).toContain('<a href="http://www.example.org" rel="nofollow ugc noopener noreferrer">www.example.org</a>');
    expect(html).toContain('<a href="https://example.org/a?b=1" rel="nofollow ugc noopener noreferrer">https://example.org/a?b=1</a>');
    expect(html).toContain('<a href="mailto:help@example.org" rel="nofollow ugc noopener noreferrer">help@example.org</a>.');
  });

  test('a link to a scheme the policy refuses keeps its words and loses its target', () => {
    expect(renderMarkdown('[click](javascript:alert(1)) here')).toBe('<p><a rel="nofollow ugc noopener noreferrer">click</a> here</p>\n');
  });

  test('plain text drops markup', () => {
    expect(markdownToText('# Title\n\nSome *text* & <b>more</b>')).toBe('Title Some text & more');
  });

  test('plain text keeps words of adjacent blocks apart', () => {
    expect(markdownToText('<a href="javascript:alert(1)">x</a>\n\nnext')).toBe('x next');
    expect(markdownToText('<p>one</p><p>two</p><ul><li>three</li><li>four</li></ul>')).toBe('one two three four');
    expect(markdownToText('<form><button>x</button></form>\n\nnext and **bold**ness')).toBe('x next and boldness');
  });
});

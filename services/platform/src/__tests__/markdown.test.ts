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

  test('plain text drops markup', () => {
    expect(markdownToText('# Title\n\nSome *text* & <b>more</b>')).toBe('Title Some text & more');
  });

  test('plain text keeps words of adjacent blocks apart', () => {
    expect(markdownToText('<a href="javascript:alert(1)">x</a>\n\nnext')).toBe('x next');
    expect(markdownToText('<p>one</p><p>two</p><ul><li>three</li><li>four</li></ul>')).toBe('one two three four');
    expect(markdownToText('<form><button>x</button></form>\n\nnext and **bold**ness')).toBe('x next and boldness');
  });
});

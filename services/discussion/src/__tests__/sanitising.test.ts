import type { ThreadEntity } from '../entities';
import { newCast, membership, type Cast } from '@praxis/membership/testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { discussion } from '../testing';

/**
 * XSS payloads from the usual cheat sheets, in Markdown and raw HTML, sent through the API as a
 * member would. The body comes back exactly as written; its HTML carries nothing executable.
 */
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<scr<script>ipt>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<IMG SRC=JaVaScRiPt:alert(1)>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](  javascript:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](javascript&colon;alert(1))',
  '[click][1]\n\n[1]: javascript:alert(1)',
  '<javascript:alert(1)>',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](vbscript:msgbox(1))',
  '<a href="javascript:alert(1)">x</a>',
  '<a href=javascript:alert(1)>x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',
  '<a href="data:text/html,<script>alert(1)</script>">x</a>',
  '<a href="https://example.org" onmouseover="alert(1)">x</a>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<style>@import "javascript:alert(1)";</style>',
  '<body onload=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<div onpointerenter=alert(1)>x</div>',
  '<video><source onerror="alert(1)"></video>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '![x](x" onerror="alert(1))',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel="stylesheet" href="javascript:alert(1)">',
  '<base href="javascript:/">',
  '<a href="//evil.example/">protocol-relative</a>',
  '<textarea><script>alert(1)</script></textarea>',
  '<template><script>alert(1)</script></template>',
  '"><script>alert(1)</script>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '`<script>alert(1)</script>`',
];

function assertInert(html: string): void {
  const lower = html.toLowerCase();
  expect(lower).not.toMatch(/<script|<iframe|<object|<embed|<form|<meta|<link|<base|<svg|<img|<input|<style|<body|<video|<source|<textarea|<template|<math/);
  expect(lower).not.toMatch(/<[^>]*\son[a-z]+\s*=/);
  expect(lower).not.toMatch(/\s(href|src|action|data)\s*=\s*"?\s*(javascript|vbscript|data):/);
  expect(lower).not.toContain('href="//');
  expect(lower).not.toContain('style=');
}

let world: SubgraphTest<typeof discussion, [typeof membership]>;
let cast: Cast;
let thread: ThreadEntity;
const posts = new Map<string, string>();

beforeAll(async () => {
  world = await startSubgraphTest(discussion, { with: [membership] });
  cast = await newCast(world.people);
  const forum = await world.factories.forum(cast.community);
  thread = await world.factories.thread(forum, cast.member, { title: 'Payloads', body: 'Testing what members can write.' });
  for (const payload of PAYLOADS) posts.set(payload, (await world.factories.reply(thread, cast.member, { body: `${payload}\n\nsanitisetoken` })).id);
});
afterAll(() => world?.stop());

test.each(PAYLOADS)('neutralises %s and keeps it as written', async (payload) => {
  const result = await world.run<{ discussionPost: { bodyMarkdown: string; bodyHtml: string } }>(
    `query ($id: ID!) { discussionPost(id: $id) { bodyMarkdown bodyHtml } }`,
    { id: posts.get(payload) },
    cast.member,
  );
  expect(result.data!.discussionPost.bodyMarkdown).toBe(`${payload}\n\nsanitisetoken`);
  assertInert(result.data!.discussionPost.bodyHtml);
});

test('Markdown people write survives, with member links made safe', async () => {
  const post = await world.factories.reply(thread, cast.member, { body: '**Case scenario**: see [the toolkit](https://example.org/toolkit).\n\n- one\n- two\n\n> quoted' });
  const result = await world.run<{ discussionPost: { bodyHtml: string } }>(`query ($id: ID!) { discussionPost(id: $id) { bodyHtml } }`, { id: post.id }, cast.member);
  const html = result.data!.discussionPost.bodyHtml;
  expect(html).toContain('<strong>Case scenario</strong>');
  expect(html).toContain('<a href="https://example.org/toolkit" rel="nofollow ugc noopener noreferrer">the toolkit</a>');
  expect(html).toContain('<li>one</li>');
  expect(html).toContain('<blockquote>');
});

describe('bodies built to make a Markdown renderer stall or overflow', () => {
  test.each([
    ['"_*a" repeated', '_*a'.repeat(6_666)],
    ['">" repeated', '>'.repeat(19_990)],
    ['"- " repeated', `${'- '.repeat(9_995)}a`],
  ])('%s up to the longest post can be written and read back as HTML', async (_label, body) => {
    const reply = await world.run<{ replyToDiscussionThread: { post: { id: string } } }>(
      `mutation ($input: ReplyToDiscussionThreadInput!) { replyToDiscussionThread(input: $input) { post { id } } }`,
      { input: { threadId: thread.id, body } },
      cast.member,
    );
    expect(reply.errors).toBeUndefined();
    const read = await world.run<{ discussionPost: { bodyMarkdown: string; bodyHtml: string } }>(
      `query ($id: ID!) { discussionPost(id: $id) { bodyMarkdown bodyHtml } }`,
      { id: reply.data!.replyToDiscussionThread.post.id },
      cast.member,
    );
    expect(read.errors).toBeUndefined();
    expect(read.data!.discussionPost.bodyMarkdown).toBe(body);
    expect(read.data!.discussionPost.bodyHtml.length).toBeGreaterThan(0);
  });
});

test('search snippets are escaped text with only <mark> added', async () => {
  const result = await world.run<{ discussionSearch: { nodes: { snippetHtml: string; snippet: string }[] } }>(
    `query { discussionSearch(query: "sanitisetoken", first: 100) { nodes { snippet snippetHtml } } }`,
    {},
    cast.member,
  );
  const hits = result.data!.discussionSearch.nodes;
  // Some payloads (an unclosed <style>, say) make the rest of their post inert markup, so the
  // token is not in their text at all; every post whose text has it must be found.
  const searchable = await world.running.domain.read.run(`SELECT count(*)::int AS n FROM posts WHERE body_text LIKE '%sanitisetoken%'`, []);
  expect(hits.length).toBe(searchable[0]!.n);
  expect(hits.length).toBeGreaterThan(PAYLOADS.length / 2);
  for (const hit of hits) {
    expect(hit.snippetHtml).toContain('<mark>sanitisetoken</mark>');
    expect(hit.snippetHtml.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    assertInert(hit.snippetHtml);
  }
  expect(hits.some((hit) => hit.snippet.includes('alert(1)'))).toBe(true);
});

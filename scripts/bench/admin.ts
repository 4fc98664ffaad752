/**
 * `npm run bench:admin`: the admin app's two budgets (issue 14), measured, never asserted.
 *
 * 1. Bundle: builds the app with a manifest into a temporary folder and sums the gzipped JavaScript
 *    a browser needs for sign-in plus home (the entry, the sign-in, signed-in layout and home route
 *    chunks, and their static imports, each once). Budget 250 kB.
 * 2. Home screen: starts the real stack on a fresh test PostgreSQL with the gateway serving that
 *    build, makes a coordinator of 20 communities with something waiting in every queue through the
 *    services' factories, signs in through the app in Chromium and times warm loads of /admin/ from
 *    navigation start until all 20 community cards are in the page. Budget 1 s.
 *
 * Exits non-zero only on errors; a missed budget is a figure to report, not a failure.
 *
 *   npm run bench:admin -- --runs 10 [--committed]   (--committed builds HEAD's admin/, not the work tree)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Request } from 'playwright';
import { request } from 'undici';
import { acquireTestPostgres } from '@praxis/postgres';
import type { Stack } from '../../gateway/e2e/harness';
import { percentile } from '../lib/bench';

const REPO = resolve(__dirname, '..', '..');
const BUNDLE_BUDGET_BYTES = 250 * 1000;
const HOME_BUDGET_MS = 1000;
const COMMUNITIES = 20;
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 10;
const committed = process.argv.includes('--committed');
/** The route modules a coordinator's browser loads for sign-in and home (admin/src/app/routes.tsx). */
const SIGN_IN_AND_HOME = ['src/session/SignInPage.tsx', 'src/app/Layout.tsx', 'src/home/HomePage.tsx'];
/** Each community card is a section labelled by its heading (admin/src/home/CommunityCard.tsx). */
const CARD = 'section[aria-labelledby^="community-"]';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const say = (line: string) => process.stdout.write(`${line}\n`);

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

/** Builds the app into a temporary folder, as the gateway would serve it; returns the folder. */
function buildApp(work: string): string {
  const outDir = join(work, 'dist');
  const build = (root: string) =>
    execFileSync(join(REPO, 'node_modules', '.bin', 'vite'), ['build', '--manifest', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (!committed) {
    build(join(REPO, 'admin'));
    return outDir;
  }
  // HEAD's sources, so work in progress in admin/ neither breaks nor colours the figure; inside
  // the repository so the root node_modules resolve, with admin's own packages linked in.
  mkdirSync(join(REPO, '.tmp'), { recursive: true });
  const copy = mkdtempSync(join(REPO, '.tmp', 'bench-admin-'));
  try {
    execFileSync('sh', ['-c', `git archive HEAD admin | tar -x -C '${copy}'`], { cwd: REPO });
    symlinkSync(join(REPO, 'admin', 'node_modules'), join(copy, 'admin', 'node_modules'));
    build(join(copy, 'admin'));
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
  return outDir;
}

/** Prints each chunk sign-in plus home needs, gzipped at the default level and at 9, and the total. */
function measureBundle(dist: string): void {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const missing = SIGN_IN_AND_HOME.filter((key) => !manifest[key]);
  if (missing.length > 0) {
    const lazy = Object.entries(manifest).filter(([, chunk]) => chunk.src && !chunk.isEntry).map(([key]) => key);
    throw new Error(`route modules not in the manifest: ${missing.join(', ')} (lazy chunks: ${lazy.join(', ')}); update SIGN_IN_AND_HOME`);
  }
  const needed = new Map<string, string>();
  const visit = (key: string, why: string) => {
    if (needed.has(key)) return;
    needed.set(key, why);
    for (const imported of manifest[key]!.imports ?? []) visit(imported, why);
  };
  visit('index.html', 'entry');
  for (const key of SIGN_IN_AND_HOME) visit(key, key.replace(/^src\/|\.tsx$/g, ''));
  let raw = 0;
  let gzDefault = 0;
  let gz9 = 0;
  say(`\nJavaScript for sign-in + home (${needed.size} chunks; gzip default level / level 9):`);
  for (const [key, why] of needed) {
    const file = manifest[key]!.file;
    const bytes = readFileSync(join(dist, file));
    const sizes = [bytes.length, gzipSync(bytes).length, gzipSync(bytes, { level: 9 }).length] as const;
    raw += sizes[0];
    gzDefault += sizes[1];
    gz9 += sizes[2];
    say(`  ${file.padEnd(44)} ${kB(sizes[0]).padStart(9)} raw ${kB(sizes[1]).padStart(9)} / ${kB(sizes[2]).padStart(9)} gz  (${why})`);
  }
  const all = Object.values(manifest).filter((chunk) => chunk.file.endsWith('.js'));
  const allGz = all.reduce((sum, chunk) => sum + gzipSync(readFileSync(join(dist, chunk.file)), { level: 9 }).length, 0);
  say(`  total ${kB(raw)} raw, ${kB(gzDefault)} gz (default), ${kB(gz9)} gz (level 9); the whole app: ${all.length} chunks, ${kB(allGz)} gz`);
  const verdict = gzDefault <= BUNDLE_BUDGET_BYTES ? 'within' : 'OVER';
  say(`  budget ${kB(BUNDLE_BUDGET_BYTES)} gz: ${verdict} (${Math.round((gzDefault / BUNDLE_BUDGET_BYTES) * 100)}% used)`);
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'praxis-bench-admin-'));
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const dist = buildApp(work);
    measureBundle(dist);

    say('\nStarting the stack on a fresh test database…');
    const pg = await acquireTestPostgres({ url: process.env.TEST_DATABASE_URL });
    stops.push(() => pg.stop());
    // The platform's test kit reads these once, when it is first imported.
    process.env.PRAXIS_TEST_ADMIN_URL = pg.adminUrl;
    process.env.JEST_WORKER_ID = 'bench_admin';
    const { loadServiceModules } = await import('@praxis/platform');
    const { buildTemplate } = await import('@praxis/platform/testing');
    await buildTemplate(pg.adminUrl, loadServiceModules());
    const { startStack } = await import('../../gateway/e2e/harness.js');
    const stack = await startStack({
      gatewayEnv: { ADMIN_APP_DIR: dist, RATE_LIMIT_IP_PER_MINUTE: '1000000', RATE_LIMIT_MEMBER_PER_MINUTE: '1000000' },
    });
    stops.push(() => stack.stop());
    const started = Date.now();
    const coordinator = await makeCoordinator(stack, COMMUNITIES);
    say(`${COMMUNITIES} communities with their queues made in ${((Date.now() - started) / 1000).toFixed(1)} s (${coordinator.summary})`);
    await timeHome(stack, coordinator, stops);
  } finally {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => console.error(error));
    rmSync(work, { recursive: true, force: true });
  }
}


/**
 * One coordinator of `count` communities, each as a busy week leaves it: members, join requests
 * waiting, reported and held posts, library submissions and a broken link, an event proposal and
 * upcoming events. All through the services' factories and domains, as in the gateway's admin
 * home test.
 */
async function makeCoordinator(stack: Stack, count: number): Promise<{ email: string; password: string; summary: string }> {
  const { MembershipFactories, TEST_PASSWORD } = await import('@praxis/membership/testing');
  const { DiscussionFactories } = await import('@praxis/discussion/testing');
  const { ResourceFactories } = await import('@praxis/resources/testing');
  const { EventsFactories } = await import('@praxis/events/testing');
  type Running<T extends abstract new (...args: never[]) => unknown> = ConstructorParameters<T>[0];
  const people = new MembershipFactories(stack.services.membership as unknown as Running<typeof MembershipFactories>);
  const talk = new DiscussionFactories(stack.services.discussion as unknown as Running<typeof DiscussionFactories>);
  const library = new ResourceFactories(
    stack.services.resources as unknown as Running<typeof ResourceFactories>,
    stack.services.membership as unknown as Running<typeof MembershipFactories>,
  );
  const events = new EventsFactories(stack.services.events as unknown as Running<typeof EventsFactories>);
  const email = 'coordinator@bench-admin.example.org';
  const coordinator = await people.member({ displayName: 'Casey Coordinator', email });
  const networks = [await people.network({ timeZone: 'Australia/Perth' }), await people.network({ timeZone: 'Australia/Sydney' })];
  const totals = { members: 0, joinRequests: 0, reports: 0, held: 0, submissions: 0, events: 0 };
  for (let i = 0; i < count; i += 1) {
    const network = networks[i % networks.length]!;
    const community = await people.community({ network, coordinator, name: `Community ${String(i + 1).padStart(2, '0')} of practice`, joinPolicy: 'APPROVAL' });
    const members = [];
    for (let m = 0; m < 8; m += 1) members.push(await people.memberOf(community));
    await people.join(community, await people.member(), 'MODERATOR');
    totals.members += 9;
    for (let r = 0; r < 3; r += 1) await people.domain.joining.requestToJoin(people.viewer(await people.member()), { communityId: community.id, answers: [] });
    totals.joinRequests += 3;
    // Discussion: threads, two of them reported; with pre-moderation on, a newcomer's reply is held.
    const forum = await talk.forum(community);
    const threads = [];
    for (let t = 0; t < 4; t += 1) threads.push(await talk.thread(forum, members[t]!));
    for (const thread of threads.slice(0, 2)) await talk.domain.moderation.report(talk.access(members[5]!), { threadId: thread.id, reason: 'Needs a look' });
    await talk.domain.moderation.setPreModeration(talk.access(coordinator), { communityId: community.id, heldPosts: 2, reason: 'A run of spam' });
    await talk.reply(threads[3]!, await people.memberOf(community));
    totals.reports += 2;
    totals.held += 1;
    // Library: curated, two submissions waiting, one link that cannot be reached.
    await library.domain.curation.updateSettings(library.as(coordinator), { communityId: community.id, curated: true });
    for (let s = 0; s < 2; s += 1) await library.resource(community, { by: members[s]! });
    await library.resource(community, { input: { url: 'http://127.0.0.1:9/handbook' } });
    totals.submissions += 2;
    // Events: a proposal from a member and four upcoming events (the card shows three).
    const zone = network.timeZone;
    await events.domain.lifecycle.propose(events.access(members[6]!), { communityId: community.id, title: 'Journal club', kind: 'ONLINE_MEETING', localStart: localIn(zone, 20), localEnd: localIn(zone, 20, '20:00'), timeZone: zone });
    for (const days of [3, 10, 17, 24]) await events.event(community, { title: `Webinar in ${days} days`, timeZone: zone, localStart: localIn(zone, days), localEnd: localIn(zone, days, '20:30') }, coordinator);
    totals.events += 4;
  }
  await library.domain.links.checkDue();
  for (const service of Object.values(stack.services)) await service.runtime.drainEvents();
  const summary = Object.entries(totals).map(([what, n]) => `${n} ${what}`).join(', ');
  return { email, password: TEST_PASSWORD, summary };
}

/** A local time `days` from now in a zone, as the events API takes it. */
function localIn(zone: string, days: number, time = '19:00'): string {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86_400_000));
  return `${date}T${time}`;
}

// Run in the page. Functions, not text: the app's CSP forbids eval. Typed through globalThis, as
// the scripts are type-checked without the DOM's types.
const readyAt = () => (globalThis as { homeReadyAt?: number }).homeReadyAt;
const domContentLoadedAt = () =>
  (globalThis as unknown as { performance: { getEntriesByType(type: string): { domContentLoadedEventEnd?: number }[] } }).performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? 0;

async function timeHome(stack: Stack, coordinator: { email: string; password: string }, stops: (() => Promise<unknown>)[]): Promise<void> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  stops.push(() => browser.close());
  const context = await browser.newContext({ locale: 'en-AU', timezoneId: 'Australia/Sydney' });
  const page = await context.newPage();
  // When the last card arrives, in the page's own clock (0 is navigation start). Injected by the
  // browser driver, so the app's CSP (no inline script, no eval) does not apply to it.
  await page.addInitScript(`new MutationObserver((records, observer) => {
    if (document.querySelectorAll(${JSON.stringify(CARD)}).length < ${COMMUNITIES}) return;
    window.homeReadyAt = performance.now();
    observer.disconnect();
  }).observe(document, { childList: true, subtree: true });`);
  let requests: Request[] = [];
  page.on('request', (sent) => requests.push(sent));
  const appUrl = `${stack.gatewayUrl}/admin/`;
  await page.goto(`${appUrl}sign-in`);
  await page.getByRole('textbox', { name: 'Email address' }).fill(coordinator.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(coordinator.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForFunction(readyAt, undefined, { timeout: 30_000 });

  const counters = Object.fromEntries(Object.entries(stack.services).map(([name, service]) => [name, service.runtime.queries]));
  const statements = () => Object.fromEntries(Object.entries(counters).map(([name, counter]) => [name, counter.statements]));
  const warmUp = 2;
  const ready: number[] = [];
  const loaded: number[] = [];
  const graphqlCalls: number[] = [];
  const authCalls: number[] = [];
  const before = statements();
  let operation: { body: string; authorization: string } | undefined;
  for (let i = 0; i < warmUp + runs; i += 1) {
    if (i === warmUp) Object.assign(before, statements());
    requests = [];
    await page.goto(appUrl, { waitUntil: 'commit' });
    const at = (await (await page.waitForFunction(readyAt, undefined, { timeout: 30_000 })).jsonValue())!;
    const dcl = await page.evaluate(domContentLoadedAt);
    const graphql = requests.filter((sent) => new URL(sent.url()).pathname === '/graphql');
    operation ??= graphql[0] && { body: graphql[0].postData() ?? '', authorization: (await graphql[0].allHeaders()).authorization ?? '' };
    if (i < warmUp) continue;
    ready.push(at);
    loaded.push(dcl);
    graphqlCalls.push(graphql.length);
    authCalls.push(requests.filter((sent) => new URL(sent.url()).pathname.startsWith('/auth/')).length);
  }
  const after = statements();
  ready.sort((a, b) => a - b);
  loaded.sort((a, b) => a - b);
  const cards = await page.locator(CARD).count();
  say(`\nHome screen, ${cards} community cards, ${runs} warm loads of /admin/ (after ${warmUp} untimed):`);
  say(`  navigation start → all ${COMMUNITIES} cards in the page: median ${percentile(ready, 0.5).toFixed(0)} ms, p95 ${percentile(ready, 0.95).toFixed(0)} ms (fastest ${ready[0]!.toFixed(0)}, slowest ${ready.at(-1)!.toFixed(0)})`);
  say(`  DOMContentLoaded: median ${percentile(loaded, 0.5).toFixed(0)} ms`);
  say(`  requests per load: /graphql ${[...new Set(graphqlCalls)].join('/')}, /auth/* ${[...new Set(authCalls)].join('/')} (the reload trades the refresh cookie for an access token)`);
  const perLoad = Object.keys(counters).map((name) => `${name} ${((after[name]! - before[name]!) / runs).toFixed(1)}`);
  say(`  statements per load (session refresh, the page's operation, and any background polling): ${perLoad.join(', ')}`);
  if (operation) {
    // The page's own operation on its own, replayed as the page sent it; the fewest over a few
    // runs leaves out what background workers happened to run meanwhile.
    const fewest: Record<string, number> = {};
    let nodes: Record<string, unknown>[] = [];
    for (let i = 0; i < 5; i += 1) {
      const start = statements();
      const response = await request(`${stack.gatewayUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: operation.authorization }, body: operation.body });
      const body = (await response.body.json()) as { data?: { me?: { managedCommunities?: { edges: { node: Record<string, unknown> }[] } } }; errors?: unknown[] };
      if (body.errors) throw new Error(`home operation failed: ${JSON.stringify(body.errors).slice(0, 300)}`);
      nodes = body.data?.me?.managedCommunities?.edges.map((edge) => edge.node) ?? [];
      const end = statements();
      for (const name of Object.keys(counters)) fewest[name] = Math.min(fewest[name] ?? Infinity, end[name]! - start[name]!);
    }
    const name = (JSON.parse(operation.body) as { operationName?: string }).operationName ?? 'the page operation';
    say(`  statements for ${name} alone (fewest of 5): ${Object.entries(fewest).map(([service, count]) => `${service} ${count}`).join(', ')}`);
    // What the cards showed, so a figure over empty queues cannot pass unnoticed.
    const sum = (field: string) => nodes.reduce((total, node) => total + ((node[field] as number | null) ?? 0), 0);
    const fields = ['pendingJoinRequestCount', 'discussionModerationQueueCount', 'libraryCurationQueueCount', 'brokenResourceLinkCount', 'eventProposalCount'];
    const upcoming = nodes.reduce((total, node) => total + ((node.upcomingEvents as { edges: unknown[] } | null)?.edges.length ?? 0), 0);
    say(`  the page's data: ${nodes.length} communities; ${fields.map((field) => `${field} ${sum(field)}`).join(', ')}; ${upcoming} next events`);
  }
  const p95 = percentile(ready, 0.95);
  say(`  budget ${HOME_BUDGET_MS} ms: ${p95 < HOME_BUDGET_MS ? 'within' : 'OVER'} at p95 (median ${percentile(ready, 0.5) < HOME_BUDGET_MS ? 'within' : 'OVER'})`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

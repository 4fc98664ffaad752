import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { memberViewer } from '@praxis/platform';
import { CHECK_LINKS_JOB } from '../library/links';
import { membership } from '@praxis/membership/testing';
import { startSubgraphTest, type SubgraphTest } from '@praxis/platform/testing';
import { resources } from '../testing';

/**
 * The scheduled link check, run through the job queue against a local server that answers
 * like the web does: success, not found, redirects (good, looping, to a non-web address), no
 * answer at all, and servers that refuse HEAD.
 */
let stack: SubgraphTest<typeof resources, [typeof membership]>;
let server: Server;
let base: string;
const hits: string[] = [];

function startServer(): Promise<void> {
  server = createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    const route: Record<string, () => void> = {
      '/ok': () => response.writeHead(200).end('fine'),
      '/missing': () => response.writeHead(404).end('no'),
      '/moved': () => response.writeHead(301, { location: '/ok' }).end(),
      '/moved-away': () => response.writeHead(302, { location: `${base}/missing` }).end(),
      '/loop': () => response.writeHead(302, { location: '/loop' }).end(),
      '/to-ftp': () => response.writeHead(302, { location: 'ftp://files.example.org/x' }).end(),
      '/no-head': () => (request.method === 'HEAD' ? response.writeHead(405).end() : response.writeHead(200).end('get works')),
      // Never answers: the checker must give up on its own.
      '/slow': () => undefined,
    };
    (route[request.url ?? ''] ?? (() => response.writeHead(500).end()))();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
}

beforeAll(async () => {
  await startServer();
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stack = await startSubgraphTest(resources, { with: [membership], env: { RESOURCES_LINK_CHECK_TIMEOUT_MS: '400', RESOURCES_LINK_CHECK_MAX_REDIRECTS: '3',
    // A run whose worker lost it (a fetch claimed on the server, its answer lost on a loaded machine) is taken again this soon.
    JOBS_HEARTBEAT_SECONDS: '10' } });
});
afterAll(async () => {
  await stack?.stop();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/**
 * Queues a check as the schedule would, and waits until pg-boss has run it: within a heartbeat
 * and a supervisor round even when the first attempt is lost. A failure says how far it got.
 */
async function runCheck(): Promise<void> {
  const { jobs, db } = stack.running.runtime;
  const id = await jobs.send(CHECK_LINKS_JOB, {});
  const sent = hits.length;
  const deadline = Date.now() + 40_000;
  for (;;) {
    const state = (await jobs.find(CHECK_LINKS_JOB)).find((job) => job.id === id)?.state;
    if (state === 'completed') return;
    if (state === 'failed' || Date.now() > deadline) {
      const busy: unknown[] = await db.query(`SELECT state, wait_event_type, wait_event, left(query, 120) AS query FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid()`);
      throw new Error(`link check ended as ${state ?? 'unknown'}; requests seen: ${JSON.stringify(hits.slice(sent))}; statements running: ${JSON.stringify(busy)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('the check records status and time, and curators list what is broken', async () => {
  const { factories } = stack;
  const community = await factories.people.community();
  const moderator = await factories.people.memberOf(community, 'MODERATOR');
  const paths = ['/ok', '/missing', '/moved', '/moved-away', '/loop', '/to-ftp', '/no-head', '/slow'];
  const byPath = new Map<string, string>();
  for (const path of paths) byPath.set(path, (await factories.resource(community, { input: { url: `${base}${path}`, title: `Link ${path}` } })).id);
  const document = await factories.document(community);

  const started = Date.now();
  await runCheck();
  const query = `query ($n: ID!, $c: ID) { brokenResourceLinks(networkId: $n, communityId: $c, first: 50) {
    nodes { id linkHealth { status httpStatus problem finalUrl checkedAt } } } }`;
  const result = await stack.run(query, { n: community.networkId, c: community.id }, memberViewer(moderator.id));
  expect(result.errors).toBeUndefined();
  const broken = new Map((result.data as { brokenResourceLinks: { nodes: { id: string; linkHealth: Record<string, unknown> }[] } }).brokenResourceLinks.nodes.map((node) => [node.id, node.linkHealth]));
  expect(new Set(broken.keys())).toEqual(new Set(['/missing', '/moved-away', '/loop', '/to-ftp', '/slow'].map((path) => byPath.get(path))));
  expect(broken.get(byPath.get('/missing')!)).toMatchObject({ status: 'BROKEN', httpStatus: 404, problem: 'The server answered HTTP 404.', finalUrl: null });
  expect(broken.get(byPath.get('/moved-away')!)).toMatchObject({ status: 'BROKEN', httpStatus: 404, finalUrl: `${base}/missing` });
  expect(broken.get(byPath.get('/loop')!)).toMatchObject({ status: 'BROKEN', httpStatus: 302, problem: 'More than 3 redirects.' });
  expect(broken.get(byPath.get('/to-ftp')!)).toMatchObject({ status: 'BROKEN', problem: 'Redirects to an address that is not a web page.' });
  expect(broken.get(byPath.get('/slow')!)).toMatchObject({ status: 'BROKEN', httpStatus: null, problem: 'No answer within 0.4 s.' });
  for (const health of broken.values()) expect(Date.parse(health.checkedAt as string)).toBeGreaterThanOrEqual(started - 1000);

  const health = async (id: string) =>
    ((await stack.run('query ($id: ID!) { resource(id: $id) { linkHealth { status httpStatus finalUrl checkedAt } } }', { id }, memberViewer(moderator.id))).data as { resource: { linkHealth: Record<string, unknown> | null } }).resource.linkHealth;
  expect(await health(byPath.get('/ok')!)).toMatchObject({ status: 'OK', httpStatus: 200, finalUrl: null });
  expect(await health(byPath.get('/moved')!)).toMatchObject({ status: 'OK', httpStatus: 200, finalUrl: `${base}/ok` });
  expect(await health(byPath.get('/no-head')!)).toMatchObject({ status: 'OK', httpStatus: 200 });
  expect(hits).toEqual(expect.arrayContaining(['HEAD /no-head', 'GET /no-head']));
  expect(await health(document.id)).toBeNull();

  // Checked links wait for the interval; an edited link is checked afresh on the next run.
  const before = hits.length;
  await factories.domain.contributions.update(factories.as(community.coordinator), { id: byPath.get('/missing')!, url: `${base}/ok` });
  expect(await health(byPath.get('/missing')!)).toMatchObject({ status: 'UNCHECKED', checkedAt: null });
  await runCheck();
  expect(hits.slice(before)).toEqual(['HEAD /ok']);
  expect(await health(byPath.get('/missing')!)).toMatchObject({ status: 'OK' });
}, 100_000);

test('the check is scheduled on the job queue', async () => {
  const rows: { name: string; cron: string }[] = await stack.running.runtime.db.query(`SELECT name, cron FROM resources_jobs.schedule ORDER BY name`);
  expect(rows).toEqual(expect.arrayContaining([{ name: CHECK_LINKS_JOB, cron: '17 * * * *' }]));
});

test('only http and https links are accepted', async () => {
  const { factories } = stack;
  const community = await factories.people.community();
  for (const url of ['javascript:alert(1)', 'ftp://files.example.org/a.pdf', 'file:///etc/passwd', 'data:text/html,hi', 'https://user:secret@example.org/', 'not a url']) {
    const result = await stack.run(
      'mutation ($input: CreateResourceInput!) { createResource(input: $input) { resource { id } } }',
      { input: { communityId: community.id, title: 'Bad link', kind: 'LINK', audience: 'STAFF', url } },
      memberViewer(community.coordinator.id),
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.url' });
  }
});

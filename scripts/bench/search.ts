/**
 * `npm run bench:search`: times discussion search over the scale data
 * (seed it first with `npm run seed -- --scale`) through the gateway, signed in as a member of
 * the scale community, warm, and prints median and p95 per query.
 */
import { gatewayClient, percentile, timeRuns } from '../lib/bench';
import { bootDatabase, startGateway, startServices, stackLogger } from '../lib/stack';

const RUNS = 20;

const SEARCHES: { label: string; query: string; filter?: Record<string, unknown> }[] = [
  { label: 'one common word', query: 'palliative' },
  { label: 'two words', query: 'palliative sedation' },
  { label: 'a phrase', query: '"advance care planning"' },
  { label: 'a rare word', query: 'interpreter dignity' },
  { label: 'excluding a word', query: 'carer -hospital' },
  { label: 'with a tag filter', query: 'consent', filter: { tag: 'rural' } },
  { label: 'with a date filter', query: 'telehealth', filter: { from: new Date(Date.now() - 90 * 86_400_000).toISOString() } },
];

const SEARCH = `query ($q: String!, $f: DiscussionSearchFilter, $after: String) { discussionSearch(query: $q, filter: $f, first: 20, after: $after) {
  pageInfo { endCursor hasNextPage } nodes { rank snippetHtml post { id createdAt author { displayName } } thread { title } } } }`;

async function main(): Promise<void> {
  process.env.GATEWAY_PORT ??= '0';
  const logger = stackLogger();
  const database = await bootDatabase(logger);
  const services = await startServices(database, { ports: 'ephemeral', workers: false });
  const { gateway, url } = await startGateway(services);
  const { post, signIn } = gatewayClient(`${url}/graphql`);
  try {
    const token = await signIn('scale.1@example.org');
    const count = Number(((await services.running.find((service) => service.name === "discussion")!.runtime.db.query("SELECT count(*)::int AS count FROM posts")) as { count: number }[])[0]?.count ?? 0);
    process.stdout.write(`\nSearch over ${count.toLocaleString('en')} posts, ${RUNS} warm runs each, through the gateway:\n`);
    for (const search of SEARCHES) {
      const variables = { q: search.query, f: search.filter };
      const first = (await post(SEARCH, variables, token)).discussionSearch as { pageInfo: { endCursor: string | null } };
      const times = await timeRuns(RUNS, () => post(SEARCH, variables, token));
      const next = performance.now();
      if (first.pageInfo.endCursor) await post(SEARCH, { ...variables, after: first.pageInfo.endCursor }, token);
      const page2 = performance.now() - next;
      const at = (q: number) => percentile(times, q).toFixed(0);
      process.stdout.write(`  ${search.label.padEnd(20)} ${JSON.stringify(search.query).padEnd(26)} median ${at(0.5)} ms, p95 ${at(0.95)} ms, page 2 ${page2.toFixed(0)} ms\n`);
    }
  } finally {
    await gateway.close();
    await services.stop();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

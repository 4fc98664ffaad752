/**
 * `npm run bench:library`: times faceted library searches over the scale data,
 * through the gateway, as a signed-in admin. Seed first with `npm run seed -- --scale`.
 * Starts PostgreSQL, the subgraphs and a gateway on ephemeral ports, like `npm run seed` does.
 */
import { DEMO_ACCOUNTS } from '@praxis/membership';
import { gatewayClient, percentile, timeRuns } from '../lib/bench';
import { bootDatabase, startGateway, startServices, stackLogger } from '../lib/stack';

const WARM_UP = 5;
const RUNS = 30;

const FACETS = 'facets { kinds { kind count } audiences { audience count } topics { topic { label } count } tags { tag { label } count } communities { community { name } count } }';
const NODES = 'nodes { id title kind contributor { displayName } topics { label } }';

const CASES: { name: string; query: string; variables: (ids: { network: string; community: string; topic: string }) => Record<string, unknown> }[] = [
  {
    name: 'scale community library, first 20, all facets',
    query: `query ($c: ID!) { community(id: $c) { library(first: 20) { totalCount ${NODES} ${FACETS} } } }`,
    variables: (ids) => ({ c: ids.community }),
  },
  {
    name: 'scale community library, search + two kinds, most viewed',
    query: `query ($c: ID!) { community(id: $c) { library(first: 20, orderBy: MOST_VIEWED, filter: { search: "consumer engagement", kinds: [TOOLKIT, CASE_STUDY] }) { totalCount ${NODES} ${FACETS} } } }`,
    variables: (ids) => ({ c: ids.community }),
  },
  {
    name: 'whole scale network, one topic, all facets',
    query: `query ($n: ID!, $t: ID!) { resourceLibrary(networkId: $n, first: 20, filter: { topicIds: [$t] }) { totalCount ${NODES} ${FACETS} } }`,
    variables: (ids) => ({ n: ids.network, t: ids.topic }),
  },
];

async function main(): Promise<void> {
  process.env.GATEWAY_PORT ??= '0';
  const logger = stackLogger();
  const database = await bootDatabase(logger);
  const services = await startServices(database, { ports: 'ephemeral', workers: false });
  const { gateway, url } = await startGateway(services);
  try {
    const { post, signIn } = gatewayClient(`${url}/graphql`);
    const admin = DEMO_ACCOUNTS.find((account) => account.handle === 'admin')!;
    const token = await signIn(admin.email);
    const found = (await post('query { network(slug: "scale-network") { id vocabulary(kind: TOPIC) { id } communities(search: "Scale Community", first: 1) { nodes { id } } } }', {}, token)) as {
      network: { id: string; vocabulary: { id: string }[]; communities: { nodes: { id: string }[] } } | null;
    };
    if (!found.network) throw new Error('no scale network: run `npm run seed -- --scale` first');
    const ids = { network: found.network.id, community: found.network.communities.nodes[0]!.id, topic: found.network.vocabulary[0]!.id };
    for (const item of CASES) {
      const variables = item.variables(ids);
      const times = await timeRuns(RUNS, () => post(item.query, variables, token), WARM_UP);
      const at = (q: number) => percentile(times, q).toFixed(1);
      process.stdout.write(`${item.name}: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms (${RUNS} warm runs through the gateway)\n`);
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

/**
 * `npm run bench`: starts Praxis with the demo data on ephemeral ports and measures the gateway
 * with autocannon for a few operations front-ends make all the time. Figures, not tests: timings
 * depend on the machine and belong in notes, never in assertions.
 *
 *   npm run bench -- --seconds 10 --connections 10
 */
import autocannon from 'autocannon';
import { gatewayClient } from '../lib/bench';
import { bootDatabase, seed, startGateway, startServices, stackLogger } from '../lib/stack';

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};

async function main(): Promise<void> {
  const seconds = argument('seconds', 10);
  const connections = argument('connections', 10);
  const logger = stackLogger();
  const database = await bootDatabase(logger);
  const services = await startServices(database, { ports: 'ephemeral' });
  await seed(services, 'demo', logger);
  // Tuned as in production, and with rate limits out of the way of the load generator.
  const { gateway, url } = await startGateway(services, {
    GATEWAY_PORT: '0',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_IP_PER_MINUTE: '1000000',
    RATE_LIMIT_MEMBER_PER_MINUTE: '1000000',
  });
  const graphql = `${url}/graphql`;
  try {
    const { post, signIn } = gatewayClient(graphql);
    const token = await signIn('coordinator@example.org');
    const communityId = (await post<{ community: { id: string } }>(`{ community(networkSlug: "hpco", slug: "hcc-acp") { id } }`)).community.id;
    const scenarios = [
      { name: 'me (token check + 1 subgraph call)', query: `{ me { email member { displayName } } }`, variables: {} },
      {
        name: 'community page with 20 members',
        query: `query ($id: ID!) { community(id: $id) { name memberCount viewerCan { participate } members(first: 20) { totalCount nodes { role member { displayName participantType } profession { label } } } } }`,
        variables: { id: communityId },
      },
    ];
    for (const scenario of scenarios) {
      const result = await autocannon({
        url: graphql,
        method: 'POST',
        connections,
        duration: seconds,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: scenario.query, variables: scenario.variables }),
      });
      process.stdout.write(
        `${scenario.name}: ${Math.round(result.requests.average)} req/s, latency p50 ${result.latency.p50} ms, p97.5 ${result.latency.p97_5} ms, p99 ${result.latency.p99} ms, errors ${result.errors + result.non2xx}\n`,
      );
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

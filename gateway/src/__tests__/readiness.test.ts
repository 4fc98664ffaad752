import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { createLogger, parseEnv, readSubgraphs } from '@praxis/platform';
import { gatewayConfig, gatewayEnv } from '../env';
import { createGateway, type Gateway } from '../server';

/**
 * The gateway stays in rotation while subgraphs are down: it still serves the rest of the graph,
 * and taking every gateway out for one missing part would lose all of it.
 */
const names = readSubgraphs().map((subgraph) => subgraph.name);
let up: Server;
let upUrl: string;
let gateway: Gateway;
let base: string;

/** A port nothing listens on: the down subgraphs. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  up = createServer((req, res) => res.writeHead(req.url === '/health/live' ? 200 : 404).end('{}')).listen(0, '127.0.0.1');
  await new Promise((resolve) => up.once('listening', resolve));
  upUrl = `http://127.0.0.1:${(up.address() as AddressInfo).port}`;
  const down = `http://127.0.0.1:${await closedPort()}`;
  const config = gatewayConfig(
    parseEnv(gatewayEnv, {
      NODE_ENV: 'test',
      GATEWAY_PORT: '0',
      // One subgraph answers, every other one (membership included) is down.
      SUBGRAPH_URLS: names.map((name, index) => `${name}=${index === names.length - 1 ? upUrl : down}/graphql`).join(','),
      MEMBERSHIP_INTERNAL_URL: down,
      ADMIN_APP_DIR: '/nonexistent',
    }),
  );
  gateway = await createGateway(config, { logger: createLogger({ service: 'gateway', level: 'silent' }) });
  base = await gateway.listen(0);
});

afterAll(async () => {
  await gateway.close();
  await new Promise((resolve) => up.close(resolve));
});

test('the gateway is ready with subgraphs down, and lists them as degraded', async () => {
  const live = await request(`${base}/health/live`);
  expect(live.statusCode).toBe(200);
  await live.body.dump();
  const response = await request(`${base}/health/ready`);
  const body = (await response.body.json()) as { status: string; subgraphs: Record<string, string>; degraded?: string[] };
  expect(response.statusCode).toBe(200);
  expect(body.status).toBe('ready');
  const last = names[names.length - 1]!;
  expect(body.subgraphs[last]).toBe('up');
  expect(body.degraded?.sort()).toEqual(names.filter((name) => name !== last).sort());
});

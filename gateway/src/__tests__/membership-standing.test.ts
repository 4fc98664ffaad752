import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent } from 'undici';
import { InternalAuth } from '@praxis/platform';
import { MembershipClient } from '../membership-client';

/**
 * The gateway's standing check under load: requests that arrive while a check is on its way go
 * together in the next call, and each is answered by a call that left after it arrived.
 */
const MEMBER = '11111111-1111-4111-8111-111111111111';
let server: Server;
let agent: Agent;
let client: MembershipClient;
const deleted = new Set<string>();
let calls = 0;
/** Closes the connection under the next call, as a membership replica that has just stopped does. */
let dropNext = false;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      calls += 1;
      if (dropNext) {
        dropNext = false;
        request.socket.destroy();
        return;
      }
      // Decided when the call arrives, answered a little later, as a database read would be.
      const ids = (JSON.parse(body) as { ids: string[] }).ids;
      const answer = JSON.stringify({ deleted: ids.filter((id) => deleted.has(id)), endedSessions: [] });
      setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end(answer), 150);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  agent = new Agent();
  client = new MembershipClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, new InternalAuth('a-test-secret-that-is-long-enough-000000'), agent);
});
afterAll(async () => {
  await agent.close();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  calls = 0;
  deleted.clear();
});

test('requests arriving one by one while a check is on its way share the next call', async () => {
  const first = client.standing(MEMBER, 'session-1');
  await sleep(5);
  const later: Promise<string>[] = [];
  for (let i = 0; i < 10; i += 1) {
    later.push(client.standing(MEMBER, `session-${i % 3}`));
    await sleep(2);
  }
  expect(await Promise.all([first, ...later])).toEqual(Array(11).fill('ACTIVE'));
  // The first call, then one (two when the machine is slow enough to outlast it) for the other ten.
  expect(calls).toBeLessThanOrEqual(3);
});

test('a request that arrives after a deletion is refused, though an earlier check is still on its way', async () => {
  const before = client.standing(MEMBER);
  // Deleted once membership has the first check and before it answers (150 ms later), however
  // long the call took to arrive on a loaded machine.
  while (calls === 0) await sleep(1);
  deleted.add(MEMBER);
  const after = client.standing(MEMBER);
  expect(await before).toBe('ACTIVE');
  expect(await after).toBe('ACCOUNT_DELETED');
});

test('a call whose connection is lost before an answer (a replica restarting) is sent again, not turned into a 503', async () => {
  // A kept-alive connection first, as between requests.
  expect(await client.standing(MEMBER)).toBe('ACTIVE');
  dropNext = true;
  deleted.add(MEMBER);
  expect(await client.standing(MEMBER)).toBe('ACCOUNT_DELETED');
  expect(calls).toBe(3);
});

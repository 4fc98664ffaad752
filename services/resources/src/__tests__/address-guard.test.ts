import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { isPublicAddress, publicOnlyLookup } from '../library/address-guard';
import { probe } from '../library/links';

/** Members supply the links the checker fetches; none may reach the internal network. */
let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((_req, res) => res.end('internal'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

test.each([
  ['127.0.0.1', false],
  ['10.1.2.3', false],
  ['172.20.0.5', false],
  ['192.168.1.1', false],
  ['169.254.169.254', false],
  ['100.64.0.1', false],
  ['::1', false],
  ['fd00::1', false],
  ['::ffff:127.0.0.1', false],
  ['93.184.216.34', true],
  ['2606:4700::1111', true],
  ['not-an-ip', false],
])('%s is public: %s', (address, expected) => {
  expect(isPublicAddress(address)).toBe(expected);
});

test('a link to a private address, literal or by name, is reported and never fetched', async () => {
  const dispatcher = new Agent({ connect: { lookup: publicOnlyLookup } });
  try {
    const literal = await probe(`http://127.0.0.1:${port}/`, { timeoutMs: 1000, maxRedirects: 3, dispatcher });
    expect(literal).toMatchObject({ status: 'BROKEN', problem: 'The address is on a private network.' });
    const byName = await probe(`http://localhost:${port}/`, { timeoutMs: 1000, maxRedirects: 3, dispatcher });
    expect(byName).toMatchObject({ status: 'BROKEN', problem: 'The address is on a private network.' });
    const allowed = await probe(`http://127.0.0.1:${port}/`, { timeoutMs: 1000, maxRedirects: 3, allowPrivateAddresses: true });
    expect(allowed).toMatchObject({ status: 'OK', httpStatus: 200 });
  } finally {
    await dispatcher.close();
  }
});

import { ConfigError, createHttpService, createLogger, parseEnv } from '@praxis/platform';
import { gatewayConfig, gatewayEnv } from '../env';

/** The client address, which keys rate limits and travels to membership for sign-in throttling. */
async function addressSeen(trustProxy: string[] | undefined, remoteAddress: string, forwardedFor: string): Promise<string> {
  const http = createHttpService({ logger: createLogger({ service: 'test', level: 'silent' }), ready: async () => undefined, trustProxy });
  http.app.get('/ip', async (request) => ({ ip: request.ip }));
  try {
    const response = await http.app.inject({ method: 'GET', url: '/ip', remoteAddress, headers: { 'x-forwarded-for': forwardedFor } });
    return (response.json() as { ip: string }).ip;
  } finally {
    await http.close();
  }
}

test('a client cannot choose its address with X-Forwarded-For unless it is a configured proxy', async () => {
  expect(await addressSeen(undefined, '192.0.2.10', '198.51.100.1')).toBe('192.0.2.10');
  expect(await addressSeen([], '192.0.2.10', '198.51.100.1')).toBe('192.0.2.10');
  expect(await addressSeen(['10.0.0.0/8'], '192.0.2.10', '198.51.100.1')).toBe('192.0.2.10');
  expect(await addressSeen(['10.0.0.0/8'], '10.1.2.3', '198.51.100.1')).toBe('198.51.100.1');
  // A client in front of the proxy prepends its own pick; the proxy's entry is the one believed.
  expect(await addressSeen(['10.0.0.0/8'], '10.1.2.3', '203.0.113.66, 198.51.100.1')).toBe('198.51.100.1');
});

test('TRUST_PROXY is off by default, takes addresses and ranges, and names itself when wrong', () => {
  expect(gatewayConfig(parseEnv(gatewayEnv, {})).trustProxy).toEqual([]);
  expect(gatewayConfig(parseEnv(gatewayEnv, { TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,loopback' })).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'loopback']);
  expect(() => parseEnv(gatewayEnv, { TRUST_PROXY: 'true' })).toThrow(ConfigError);
  expect(() => parseEnv(gatewayEnv, { TRUST_PROXY: '10.0.0.0/99' })).toThrow(/TRUST_PROXY/);
});

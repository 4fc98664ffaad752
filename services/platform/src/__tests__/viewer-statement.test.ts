import { SignJWT } from 'jose';
import { createSecretKey } from 'node:crypto';
import { InternalAuth } from '../identity/assertion';
import { memberViewer } from '../identity/viewer';

/** The gateway's signed viewer statement carries what sessions need: address, user agent and session. */
const SECRET = 'a-test-internal-secret-of-enough-length';

test('the user agent, address and session travel in the statement and come back out', async () => {
  const auth = new InternalAuth(SECRET);
  const viewer = { ...memberViewer('7d5e4a52-5c1f-4f55-8c5c-3f4f8e0c6a11'), clientAddress: '203.0.113.5', userAgent: 'Mozilla/5.0 Test', sessionId: '2b0c3d4e-1111-4222-8333-944455566677' };
  expect(await auth.verifyViewer(await auth.signViewer(viewer, 'req-1'))).toEqual(viewer);
  const anonymous = await auth.verifyViewer(await auth.signViewer({ memberId: null, scopes: ['read'], source: 'anonymous', userAgent: 'curl/8.5.0' }, 'req-2'));
  expect(anonymous).toEqual({ memberId: null, scopes: ['read'], source: 'anonymous', userAgent: 'curl/8.5.0' });
});

test('a statement signed with another secret is refused, whatever it claims', async () => {
  const forged = await new SignJWT({ scp: ['read'], src: 'session', uag: 'Forged/1.0', sid: 'someone-elses' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('praxis-gateway')
    .setAudience('praxis-subgraphs')
    .setSubject('7d5e4a52-5c1f-4f55-8c5c-3f4f8e0c6a11')
    .setExpirationTime('60s')
    .sign(createSecretKey(Buffer.from('not-the-secret', 'utf8')));
  await expect(new InternalAuth(SECRET).verifyViewer(forged)).rejects.toThrow();
});

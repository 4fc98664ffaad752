import { importJWK, jwtVerify, createLocalJWKSet } from 'jose';
import { generateSigningKey, loadSigningKeys, signAccessToken } from '../membership/signing-keys';

test('the first key signs; every key is published, so tokens from a retiring key still verify', async () => {
  const retiring = await generateSigningKey();
  const current = await generateSigningKey();
  const before = await loadSigningKeys([retiring]);
  const oldToken = await signAccessToken(before, { memberId: 'm-1', issuer: 'praxis', audience: 'praxis', ttlSeconds: 60 });

  const rotated = await loadSigningKeys([current, retiring]);
  expect(rotated.active.kid).toBe(current.kid);
  expect(rotated.jwks.keys.map((key) => key.kid)).toEqual([current.kid, retiring.kid]);
  expect(rotated.jwks.keys.every((key) => !('d' in key))).toBe(true);

  const published = createLocalJWKSet(rotated.jwks);
  await expect(jwtVerify(oldToken.token, published, { issuer: 'praxis', audience: 'praxis' })).resolves.toBeDefined();
  const newToken = await signAccessToken(rotated, { memberId: 'm-1', issuer: 'praxis', audience: 'praxis', ttlSeconds: 60 });
  const { protectedHeader } = await jwtVerify(newToken.token, published, { issuer: 'praxis', audience: 'praxis' });
  expect(protectedHeader.kid).toBe(current.kid);

  // Once the retiring key is dropped from the set, its tokens no longer verify.
  const retired = createLocalJWKSet((await loadSigningKeys([current])).jwks);
  await expect(jwtVerify(oldToken.token, retired)).rejects.toThrow();
  expect(await importJWK(rotated.jwks.keys[0]!, 'ES256')).toBeDefined();
});

import { workerDatabase } from '@praxis/platform/testing';
import { RateLimits } from '../rate-limit';

test.each(['memory', 'postgres'] as const)('the %s store allows a budget per IP and per member, then asks to retry later', async (store) => {
  const limits = await RateLimits.create({ ipPerMinute: 3, memberPerMinute: 2, authFailuresPerMinute: 2, store, databaseUrl: (await workerDatabase()).adminUrl });
  try {
    const ip = `10.0.0.${Math.floor(Math.random() * 250)}`;
    expect((await limits.check(ip, 'member-a')).allowed).toBe(true);
    expect((await limits.check(ip, 'member-a')).allowed).toBe(true);
    const memberOver = await limits.check(ip, 'member-a');
    expect(memberOver).toMatchObject({ allowed: false });
    expect(memberOver.retryAfterSeconds).toBeGreaterThan(0);
    expect((await limits.check(ip, null)).allowed).toBe(false);
    expect((await limits.check(`${ip}1`, null)).allowed).toBe(true);
  } finally {
    await limits.close();
  }
});

test.each(['memory', 'postgres'] as const)('the %s store counts failed authentications per address and says when they are used up', async (store) => {
  const limits = await RateLimits.create({ ipPerMinute: 100, memberPerMinute: 100, authFailuresPerMinute: 3, store, databaseUrl: (await workerDatabase()).adminUrl });
  try {
    const ip = `10.1.0.${Math.floor(Math.random() * 250)}`;
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await limits.authFailuresExhausted(ip)).allowed).toBe(true);
      await limits.recordAuthFailure(ip);
    }
    const exhausted = await limits.authFailuresExhausted(ip);
    expect(exhausted.allowed).toBe(false);
    expect(exhausted.retryAfterSeconds).toBeGreaterThan(0);
    expect((await limits.authFailuresExhausted(`${ip}1`)).allowed).toBe(true);
    // Failed authentications are their own budget: the address may still make ordinary requests.
    expect((await limits.check(ip, null)).allowed).toBe(true);
  } finally {
    await limits.close();
  }
});

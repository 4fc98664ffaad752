import { workerDatabase } from '@praxis/platform/testing';
import { RateLimits } from '../rate-limit';

test.each(['memory', 'postgres'] as const)('the %s store allows a budget per IP and per member, then asks to retry later', async (store) => {
  const limits = await RateLimits.create({ ipPerMinute: 3, memberPerMinute: 2, store, databaseUrl: (await workerDatabase()).adminUrl });
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

import { CountingLogger } from '../db/query-counter';
import type { Logger } from '../logging/logger';

test('a slow query is logged once, with its statement and its time', () => {
  const warnings: unknown[][] = [];
  const sink = { warn: (...args: unknown[]) => warnings.push(args), isLevelEnabled: () => false } as unknown as Logger;
  new CountingLogger(sink).logQuerySlow(612, 'SELECT 1', []);
  expect(warnings).toEqual([[{ sql: 'SELECT 1', ms: 612 }, 'slow query']]);
});

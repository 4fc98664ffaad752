import { countingGroups, parseBucketKey, reportBuckets, suppress } from '../reports';

describe('report buckets', () => {
  test('ISO weeks start on Monday, in the network time zone, half-open', () => {
    const buckets = reportBuckets({ from: '2026-03-04', to: '2026-03-16', granularity: 'WEEK', timeZone: 'Australia/Perth' });
    expect(buckets.map((bucket) => [bucket.periodStart.toISOString(), bucket.start.toISOString(), bucket.end.toISOString()])).toEqual([
      ['2026-03-01T16:00:00.000Z', '2026-03-03T16:00:00.000Z', '2026-03-08T16:00:00.000Z'],
      ['2026-03-08T16:00:00.000Z', '2026-03-08T16:00:00.000Z', '2026-03-15T16:00:00.000Z'],
    ]);
  });

  test('months follow local midnights across a daylight-saving change', () => {
    const buckets = reportBuckets({ from: '2026-03-01', to: '2026-05-01', granularity: 'MONTH', timeZone: 'Europe/London' });
    expect(buckets.map((bucket) => bucket.start.toISOString())).toEqual(['2026-03-01T00:00:00.000Z', '2026-03-31T23:00:00.000Z']);
    expect(buckets[1]!.end.toISOString()).toBe('2026-04-30T23:00:00.000Z');
  });

  test('quarters, and ranges that start mid-period are clipped', () => {
    const buckets = reportBuckets({ from: '2026-02-15', to: '2027-01-01', granularity: 'QUARTER', timeZone: 'America/Toronto' });
    expect(buckets).toHaveLength(4);
    expect(buckets[0]!.start.toISOString()).toBe('2026-02-15T05:00:00.000Z');
    expect(buckets[0]!.periodStart.toISOString()).toBe('2026-01-01T05:00:00.000Z');
  });

  test('bad ranges are BAD_USER_INPUT naming the field', () => {
    const field = (range: Parameters<typeof reportBuckets>[0]) => {
      try {
        reportBuckets(range);
        return 'OK';
      } catch (error) {
        return (error as { field: string }).field;
      }
    };
    expect(field({ from: '2026-05-01', to: '2026-04-01', granularity: 'MONTH', timeZone: 'UTC' })).toBe('input.to');
    expect(field({ from: '2026-13-01', to: '2027-01-01', granularity: 'MONTH', timeZone: 'UTC' })).toBe('input.from');
    expect(field({ from: '2020-01-01', to: '2026-01-02', granularity: 'WEEK', timeZone: 'UTC' })).toBe('input.to');
    expect(field({ from: '2021-01-01', to: '2026-01-01', granularity: 'WEEK', timeZone: 'UTC' })).toBe('OK');
  });
});

describe('small-cell suppression', () => {
  test('cells under the threshold are hidden, zeros are shown', () => {
    expect(suppress([{ key: 'STAFF', value: 40 }, { key: 'CARER', value: 3 }, { key: 'VOLUNTEER', value: 2 }, { key: 'OTHER', value: 0 }])).toEqual([
      { key: 'STAFF', value: 40, suppressed: false },
      { key: 'CARER', value: null, suppressed: true },
      { key: 'VOLUNTEER', value: null, suppressed: true },
      { key: 'OTHER', value: 0, suppressed: false },
    ]);
  });

  test('a lone small cell takes the next smallest with it, so totals cannot reveal it', () => {
    expect(suppress([{ key: 'STAFF', value: 40 }, { key: 'CONSUMER', value: 12 }, { key: 'CARER', value: 2 }, { key: 'OTHER', value: 0 }], 5)).toEqual([
      { key: 'STAFF', value: 40, suppressed: false },
      { key: 'CONSUMER', value: null, suppressed: true },
      { key: 'CARER', value: null, suppressed: true },
      { key: 'OTHER', value: 0, suppressed: false },
    ]);
  });

  test('nothing is hidden when every cell is large enough, and the threshold is a setting', () => {
    expect(suppress([{ key: 'A', value: 5 }, { key: 'B', value: 7 }]).every((cell) => !cell.suppressed)).toBe(true);
    expect(suppress([{ key: 'A', value: 5 }, { key: 'B', value: 7 }], 10).every((cell) => cell.suppressed)).toBe(true);
  });
});

describe('report periods counted together', () => {
  const scopeId = '6f1c8f0e-2b1a-4c1e-9a57-0d3c5b1e2f10';
  const period = (start: string, end: string, breakdowns = 'PARTICIPANT_TYPE') => parseBucketKey({ scope: 'COMMUNITY', scopeId, start, end, threshold: 5, breakdowns });

  test('periods of one report form one group; other reports their own', () => {
    const jan = period('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z');
    const feb = period('2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z');
    const byRegion = period('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', 'REGION');
    expect(countingGroups([jan, feb, byRegion])).toEqual([[jan, feb], [byRegion]]);
  });

  test('overlapping periods never share a group, even when their starts differ', () => {
    const feb = period('2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z');
    const mar = period('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z');
    const q1 = period('2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z');
    const apr = period('2026-04-01T00:00:00Z', '2026-05-01T00:00:00Z');
    expect(countingGroups([feb, mar, q1, apr])).toEqual([[feb, mar, apr], [q1]]);
  });

  test('a month and a quarter that start together never share a group', () => {
    const jan = period('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z');
    const feb = period('2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z');
    const q1 = period('2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z');
    const q2 = period('2026-04-01T00:00:00Z', '2026-07-01T00:00:00Z');
    const groups = countingGroups([jan, feb, q1, q2]);
    expect(groups).toEqual([[jan, feb, q2], [q1]]);
    for (const group of groups) expect(new Set(group.map((bucket) => bucket.start.getTime())).size).toBe(group.length);
  });

  test('a malformed reference is refused as bad input', () => {
    expect(() => period('not a date', '2026-02-01T00:00:00Z')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => period('2026-02-01T00:00:00Z', '2026-01-01T00:00:00Z')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});

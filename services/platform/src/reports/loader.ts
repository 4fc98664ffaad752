import DataLoader from 'dataloader';
import type { Access } from '../access/access';
import { authorizeReport, countingGroups, parseBucketKey, type ParsedBucket, type ReportBucketKey } from './measures';

/** An instant as a cache key; a malformed one stays as given, for parseBucketKey to refuse. */
function instant(value: unknown): string {
  const date = new Date(value as string);
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
}

/**
 * The loader every subgraph resolves its `ReportBucket` fields through. The periods of one report
 * are counted together, after one live permission check of the report's scope; a malformed
 * reference fails alone, as BAD_USER_INPUT, without failing its neighbours.
 */
export function reportMeasuresLoader<T>(access: Access, count: (buckets: ParsedBucket[]) => Promise<T[]>): DataLoader<ReportBucketKey, T, string> {
  return new DataLoader<ReportBucketKey, T, string>(
    async (keys) => {
      const parsed = keys.map((key) => {
        try {
          return parseBucketKey(key);
        } catch (error) {
          return error as Error;
        }
      });
      const results = new Map<ParsedBucket, T | Error>();
      for (const group of countingGroups(parsed.filter((bucket): bucket is ParsedBucket => !(bucket instanceof Error)))) {
        try {
          await authorizeReport(access, group[0]!.scope, group[0]!.scopeId);
          const measures = await count(group);
          group.forEach((bucket, index) => results.set(bucket, measures[index]!));
        } catch (error) {
          for (const bucket of group) results.set(bucket, error as Error);
        }
      }
      return parsed.map((bucket) => (bucket instanceof Error ? bucket : results.get(bucket)!));
    },
    // The gateway sends dates as ISO strings; a reference built in-process may carry Dates.
    { cacheKeyFn: (key) => JSON.stringify([key.scope, key.scopeId, instant(key.start), instant(key.end), key.threshold, key.breakdowns]) },
  );
}

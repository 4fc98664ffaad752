import type { ReportBucketKey } from '@praxis/platform';
import type { ReportBucketResolvers } from '../__generated__/resolvers';

export const ReportBucket: ReportBucketResolvers = {
  /** Membership makes the periods; the reader is checked when a number is asked for, per report. */
  __resolveReference: (reference) => reference as ReportBucketKey,
  resources: (bucket, _args, { loaders }) => loaders.reportMeasures.load(bucket),
};

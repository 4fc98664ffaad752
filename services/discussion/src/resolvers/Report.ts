import type { ReportBucketResolvers } from '../__generated__/resolvers';

/**
 * Report periods come from membership. A reference is taken as it is: its reader is checked,
 * live, when its numbers are asked for, once per report. Breakdown cells carry their term as
 * a reference `{ id }`, which membership labels.
 */
export const ReportBucket: ReportBucketResolvers = {
  __resolveReference: (reference) => reference,
  discussion: (bucket, _args, { loaders }) => loaders.reportMeasures.load(bucket),
};

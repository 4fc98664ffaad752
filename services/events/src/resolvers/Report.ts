import type { ReportAmountCellResolvers, ReportBucketResolvers, ReportCellResolvers } from '../__generated__/resolvers';

export const ReportBucket: ReportBucketResolvers = {
  // Membership makes report periods; the reader is checked where the numbers are read.
  __resolveReference: (reference) => reference,
  events: (bucket, _args, { loaders }) => loaders.reportMeasures.load(bucket),
};

// Membership resolves the vocabulary term's label; this subgraph names it by id.
export const ReportCell: ReportCellResolvers = {
  term: (cell) => (cell.term ? { id: cell.term.id } : null),
};

export const ReportAmountCell: ReportAmountCellResolvers = {
  term: (cell) => (cell.term ? { id: cell.term.id } : null),
};

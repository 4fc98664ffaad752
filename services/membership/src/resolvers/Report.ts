import { authorizeReport, pageRequest, parseBucketKey, type ReportBucketKey } from '@praxis/platform';
import type { QueryResolvers, CommunityResolvers, MemberEngagementResolvers, ActivityEntryResolvers, ParticipationReportResolvers, ReportBucketResolvers, ReportCellResolvers, ReportAmountCellResolvers } from '../__generated__/resolvers';
import { auditedPeopleList, auditedRead } from './Audit';

export const ParticipationReport: ParticipationReportResolvers = {
  breakdowns: (report) => report.breakdowns,
  terms: (report, _args, { domain }) => domain.reports.terms(report),
};

export const ReportBucket: ReportBucketResolvers = {
  /**
   * Report periods are made by participationReport; a reference names one directly, so its
   * reader is checked here. Without the report's granularity its label is the start date.
   */
  __resolveReference: async (reference, { access }) => {
    const bucket = parseBucketKey(reference as never);
    await authorizeReport(access, bucket.scope, bucket.scopeId);
    return { ...(reference as object as ReportBucketKey), start: bucket.start, end: bucket.end, periodStart: bucket.start, label: bucket.start.toISOString().slice(0, 10) };
  },
  members: async (bucket, _args, { loaders }) => (await loaders.reportMeasures.load(bucket)).members,
  joinRequests: async (bucket, _args, { loaders }) => (await loaders.reportMeasures.load(bucket)).joinRequests,
  activeMembers: async (bucket, _args, { loaders }) => (await loaders.reportMeasures.load(bucket)).activeMembers,
};

export const ReportCell: ReportCellResolvers = {
  term: (cell, _args, { loaders }) => (cell.term ? loaders.term.load(cell.term.id) : null),
};

export const ReportAmountCell: ReportAmountCellResolvers = {
  term: (cell, _args, { loaders }) => (cell.term ? loaders.term.load(cell.term.id) : null),
};

export const reportQueries = {
  // Audited once here, where the report is asked for; the other subgraphs only add to its periods.
  participationReport: (async (_parent, { input }, context) => {
    const report = await context.domain.reports.report(context.access, input);
    const detail = { scope: report.scope, from: report.from, to: report.to, granularity: report.granularity, via: context.viewer.source };
    return auditedRead(context, { action: 'REPORT_READ', communityId: report.community?.id ?? null, networkId: report.network.id, detail }, Promise.resolve(report));
  }) satisfies NonNullable<QueryResolvers['participationReport']>,
};

export const communityEngagement: Pick<CommunityResolvers, 'memberEngagement'> = {
  memberEngagement: async (community, args, context, info) => {
    const { access, domain } = context;
    await access.requireCoordinate(community.id, 'Only coordinators of this community can see its engagement list.');
    return auditedPeopleList(context, info, community, 'memberEngagement', domain.activity.engagementPage(community.id, pageRequest(args, 2), args.order ?? 'LEAST_RECENTLY_ACTIVE', args.inactiveSince ? new Date(args.inactiveSince) : null));
  },
};

export const MemberEngagement: MemberEngagementResolvers = {
  member: async (row, _args, { loaders }) => (await loaders.member.load(row.memberId))!,
};

export const ActivityEntry: ActivityEntryResolvers = {
  community: (row, _args, { loaders }) => (row.communityId ? loaders.community.load(row.communityId) : null),
};

import { instantRange, pageRequest } from '@praxis/platform';
import type { QueryResolvers } from '../__generated__/resolvers';

export const Query: QueryResolvers = {
  event: (_parent, { id }, { loaders }) => loaders.readableEvent.load(id),
  eventCalendar: async (_parent, args, { access, domain }) => {
    const { from, to } = instantRange(new Date(args.from), new Date(args.to));
    const page = pageRequest(args, 2);
    let communities = await access.readableCommunityIds();
    const only = args.filter?.communityIds;
    if (only?.length) communities = communities.filter((id) => only.includes(id));
    return domain.read.calendar(communities, from, to, args.filter ?? {}, page);
  },
  verifyEventCertificate: async (_parent, { code }, { domain }) => {
    const record = code.length <= 64 ? await domain.attendance.certificate(code) : null;
    if (!record) return { valid: false, eventTitle: null, attendedOn: null, hours: null, member: null };
    return { valid: true, eventTitle: record.eventTitle, attendedOn: record.attendedOn, hours: record.hours, member: record.memberId ? { id: record.memberId } : null };
  },
};

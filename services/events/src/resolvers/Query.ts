import { errors, pageRequest } from '@praxis/platform';
import type { QueryResolvers } from '../__generated__/resolvers';

const MAX_RANGE_DAYS = 366;

export const Query: QueryResolvers = {
  event: (_parent, { id }, { loaders }) => loaders.readableEvent.load(id),
  eventCalendar: async (_parent, args, { access, domain }) => {
    const from = new Date(args.from);
    const to = new Date(args.to);
    if (to <= from) throw errors.badInput('to', 'The range must end after it starts.');
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) throw errors.badInput('to', `Ask for at most ${MAX_RANGE_DAYS} days at a time.`);
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

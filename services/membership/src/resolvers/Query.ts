import { pageRequest } from '@praxis/platform';
import type { QueryResolvers } from '../__generated__/resolvers';
import { auditedRead, PRIVILEGED_PERSON_FIELDS, selectsAny } from './Audit';
import { reportQueries } from './Report';

export const Query: QueryResolvers = {
  me: async (_parent, _args, { viewer, loaders }) => {
    if (!viewer.memberId) return null;
    const member = await loaders.member.load(viewer.memberId);
    return member && !member.deletedAt ? { memberId: member.id } : null;
  },
  network: async (_parent, { id, slug }, { loaders, domain }) => {
    if (id) return loaders.network.load(id);
    return slug ? domain.read.networkBySlug(slug) : null;
  },
  networks: (_parent, args, { domain }) => domain.read.networkPage(pageRequest(args, 2)),
  community: async (_parent, { id, networkSlug, slug }, { loaders, domain }) => {
    if (id) return loaders.community.load(id);
    return networkSlug && slug ? domain.read.communityBySlug(networkSlug, slug) : null;
  },
  member: async (_parent, { id, handle }, context, info) => {
    const { loaders, domain, viewer } = context;
    const member = id ? await loaders.member.load(id) : handle ? await domain.read.memberByHandle(handle) : null;
    // One person's email or hidden participant type, read by their coordinator or admin, is a
    // directory read too: otherwise the directory could be read one member at a time, unaudited.
    const fields = member && viewer.memberId && member.id !== viewer.memberId ? selectsAny(info, PRIVILEGED_PERSON_FIELDS) : [];
    if (fields.length === 0 || !(await loaders.privileged.load(member!.id))) return member;
    return auditedRead(context, { action: 'DIRECTORY_READ', subjectId: member!.id, detail: { list: 'member', fields } }, Promise.resolve(member));
  },
  invitation: (_parent, { token }, { domain }) => domain.joining.previewInvitation(token),
  ...reportQueries,
};

import { Kind, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import { pageRequest } from '@praxis/platform';
import type { AuditRecordResolvers, NetworkResolvers } from '../__generated__/resolvers';
import type { Context } from '../context';
import { originOf, type AuditEntry } from '../membership/audit';

/** `Network.auditLog`: network admins only (a FORBIDDEN at its path for anyone else, ADR 8). */
export const networkAuditLog: Pick<NetworkResolvers, 'auditLog'> = {
  auditLog: async (network, args, { access, domain }) => {
    await access.requireNetworkAdmin(network.id);
    const { from, to, ...filter } = args.filter ?? {};
    return domain.audit.page(network.id, { ...filter, from: from != null ? new Date(from) : null, to: to != null ? new Date(to) : null }, pageRequest(args, 2));
  },
};

/** People are referenced by id, so an erased actor resolves to the "Former member" tombstone. */
export const AuditRecord: AuditRecordResolvers = {
  actor: (record, _args, { loaders }) => (record.actorId ? loaders.member.load(record.actorId) : null),
  network: (record, _args, { loaders }) => (record.networkId ? loaders.network.load(record.networkId) : null),
  community: (record, _args, { loaders }) => (record.communityId ? loaders.community.load(record.communityId) : null),
  subject: (record, _args, { loaders }) => (record.subjectId ? loaders.member.load(record.subjectId) : null),
};

/** Whether the field being resolved selects any of these fields anywhere beneath it, fragments included. */
export function selectsAny(info: GraphQLResolveInfo, names: readonly string[]): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  const walk = (selections: readonly SelectionNode[]) => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) {
        if (names.includes(selection.name.value)) found.add(selection.name.value);
        if (selection.selectionSet) walk(selection.selectionSet.selections);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet.selections);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = info.fragments[selection.name.value];
        if (fragment) walk(fragment.selectionSet.selections);
      }
    }
  };
  for (const node of info.fieldNodes) if (node.selectionSet) walk(node.selectionSet.selections);
  return names.filter((name) => found.has(name));
}

/** Fields that show what only coordinators and admins may see of a person. */
export const PRIVILEGED_PERSON_FIELDS = ['email', 'participantType'] as const;

type CommunityRef = { id: string; networkId: string };

/**
 * A coordinators' list of people (join requests, engagement, membership history) read with emails
 * or hidden participant types is a directory read too, so the directory cannot be read around its audit.
 */
export function auditedPeopleList<T>(context: Context, info: GraphQLResolveInfo, community: CommunityRef, list: string, page: Promise<T>): Promise<T> {
  const fields = selectsAny(info, PRIVILEGED_PERSON_FIELDS);
  if (fields.length === 0) return page;
  return auditedRead(context, { action: 'DIRECTORY_READ', communityId: community.id, networkId: community.networkId, detail: { list, fields } }, page);
}

/**
 * A privileged read: its audit record is written alongside the read and is durable (in the table,
 * or spooled) before the data is returned; if it cannot be made durable the read fails.
 */
export async function auditedRead<T>(context: Context, entry: Omit<AuditEntry, 'actorId' | 'requestId' | 'address'>, read: Promise<T>): Promise<T> {
  const [result] = await Promise.all([read, context.domain.audit.record(null, { ...entry, actorId: context.viewer.memberId, ...originOf(context) })]);
  return result;
}

import DataLoader from 'dataloader';
import { reportMeasuresLoader, type Access, type Connection, type NetworkRole, type PageRequest, type Viewer } from '@praxis/platform';
import type { MembershipMeasures } from './membership/reports';
import type { MembershipEntity } from './entities';
import type { MembershipDomain } from './membership';

/**
 * The DataLoaders of one request. Created fresh per request, so nothing is cached across
 * viewers and a change is visible on the very next request.
 */
export function createLoaders(domain: MembershipDomain, viewer: Viewer, access: Access) {
  const read = domain.read;
  return {
    network: new DataLoader((ids: readonly string[]) => read.networks(ids)),
    community: new DataLoader((ids: readonly string[]) => read.communities(ids)),
    member: new DataLoader((ids: readonly string[]) => read.members(ids)),
    term: new DataLoader((ids: readonly string[]) => read.terms(ids)),
    account: new DataLoader((memberIds: readonly string[]) => read.accounts(memberIds)),
    questions: new DataLoader((communityIds: readonly string[]) => read.questions(communityIds)),
    memberCount: new DataLoader((communityIds: readonly string[]) => read.memberCounts(communityIds)),
    /** Keyed "communityId:memberId". */
    membership: new DataLoader((keys: readonly string[]) => read.memberships(keys)),
    /** Keyed "memberId:networkId". */
    networkProfile: new DataLoader((keys: readonly string[]) => read.networkProfiles(keys)),
    /** Keyed "communityId:memberId". */
    latestJoinRequest: new DataLoader((keys: readonly string[]) => read.latestJoinRequests(keys)),
    /** Keyed "networkId:memberId". */
    networkRoles: new DataLoader<string, NetworkRole[]>((keys) => read.networkRoles(keys)),
    /** Whether the viewer may see a member's private fields. */
    privileged: new DataLoader<string, boolean>(async (memberIds) => {
      const allowed = await domain.members.privilegedFor(viewer, memberIds);
      return memberIds.map((id) => allowed.has(id));
    }),
    /** How many memberships of each member the viewer may see. */
    memberMembershipCount: new DataLoader((memberIds: readonly string[]) => read.membershipCountsOfMembers(memberIds, viewer.memberId)),
    /**
     * Membership's report numbers for report periods. All periods of one report are counted
     * together, after one permission check for the report's scope.
     */
    reportMeasures: reportMeasuresLoader<MembershipMeasures>(access, (buckets) => domain.reports.measures(buckets)),
    /** `Member.memberships` pages, batched across members that ask for the same page. */
    memberMemberships: new DataLoader<{ memberId: string; page: PageRequest }, Connection<MembershipEntity>, string>(
      async (keys) => {
        const groups = new Map<string, { page: PageRequest; memberIds: string[] }>();
        for (const key of keys) {
          const pageKey = JSON.stringify(key.page);
          const group = groups.get(pageKey) ?? { page: key.page, memberIds: [] };
          group.memberIds.push(key.memberId);
          groups.set(pageKey, group);
        }
        const results = new Map<string, Connection<MembershipEntity>>();
        for (const [pageKey, group] of groups) {
          const pages = await read.membershipsOfMembers(group.memberIds, group.page, viewer.memberId);
          group.memberIds.forEach((memberId, index) => results.set(`${memberId}|${pageKey}`, pages[index]!));
        }
        return keys.map((key) => results.get(`${key.memberId}|${JSON.stringify(key.page)}`)!);
      },
      { cacheKeyFn: (key) => `${key.memberId}|${JSON.stringify(key.page)}` },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

import DataLoader from 'dataloader';
import { pagesLoader, reportMeasuresLoader, type Access, type Connection, type NetworkRole, type PageRequest, type Viewer } from '@praxis/platform';
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
    pendingJoinRequestCount: new DataLoader((communityIds: readonly string[]) => domain.adminHome.pendingJoinRequestCounts(communityIds)),
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
    memberMemberships: pagesLoader<{ memberId: string; page: PageRequest }, Connection<MembershipEntity>>({
      parentOf: (key) => key.memberId,
      fetch: (keys, page) => read.membershipsOfMembers(keys.map((key) => key.memberId), page, viewer.memberId),
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

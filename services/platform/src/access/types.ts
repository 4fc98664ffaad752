import type { Viewer, ViewerSource } from '../identity/viewer';

export type CommunityRole = 'MEMBER' | 'MODERATOR' | 'COORDINATOR';
export type NetworkRole = 'ADMIN' | 'ANALYST';
export type MembershipStatus = 'ACTIVE' | 'LEFT' | 'REMOVED' | 'BANNED';
export type CommunityVisibility = 'PUBLIC' | 'MEMBERS_ONLY';

/**
 * What the viewer may do in one community, as membership decides it at this moment.
 * The rules live in membership alone; other services only read these answers.
 */
export interface CommunityAccess {
  communityId: string;
  networkId: string;
  visibility: CommunityVisibility;
  archived: boolean;
  /** The viewer's role while their membership is active. */
  role: CommunityRole | null;
  status: MembershipStatus | null;
  networkRoles: NetworkRole[];
  /** May see the community's content (threads, library, events). */
  canRead: boolean;
  /** May post, react, contribute and register. */
  canParticipate: boolean;
  canModerate: boolean;
  canCoordinate: boolean;
  canReadReports: boolean;
  /**
   * The viewer's staff rights here are held back until they enrol a second factor, because the
   * network requires one for its staff: the `can…` answers above are a plain member's.
   */
  secondFactorRequired?: boolean;
}

export interface NetworkAccess {
  networkId: string;
  roles: NetworkRole[];
  isAdmin: boolean;
  canReadReports: boolean;
  /** As on CommunityAccess: `isAdmin` and `canReadReports` are false until the viewer enrols. */
  secondFactorRequired?: boolean;
}

/** Where answers come from: membership's own tables in-process, or its internal API over HTTP. */
export interface AccessSource {
  communities(viewer: Viewer, ids: readonly string[]): Promise<(CommunityAccess | null)[]>;
  networks(viewer: Viewer, ids: readonly string[]): Promise<(NetworkAccess | null)[]>;
  /** Every community whose content the viewer may read. */
  readableCommunityIds(viewer: Viewer): Promise<string[]>;
  /**
   * Which of these members have deleted their account, so a deleted account is refused at once
   * although its access token is still valid.
   */
  deletedMembers(ids: readonly string[]): Promise<string[]>;
  /**
   * Many members' access at once, each as a member signed in with a password would have it, for
   * work done on members' behalf outside any request (delivering notifications). One call and one
   * statement per batch; answers are in the order asked, and deleted accounts are named apart.
   */
  membersCommunities(pairs: readonly MemberCommunityPair[]): Promise<MembersCommunitiesAnswer>;
  /**
   * True when every answer above also says whether the viewer's account was deleted (and the
   * source refuses it then), so a query needs no separate question: see activeViewerPlugin.
   */
  readonly answersCarryDeletion: boolean;
}

export interface AccessRequest {
  memberId: string | null;
  /** How the viewer signed in: an OpenID Connect sign-in brings its provider's second factor. */
  source?: ViewerSource;
  communities?: string[];
  networks?: string[];
  readable?: boolean;
}

/** The body of membership's `/internal/members/deleted`: ids in, the deleted ones out. */
export interface DeletedMembersRequest {
  ids: string[];
}

export interface DeletedMembersResponse {
  deleted: string[];
  /** Of the sessions asked about, those that were ended (signed out, revoked, replaced by a reset). */
  endedSessions?: string[];
}

export interface AccessResponse {
  communities: (CommunityAccess | null)[];
  networks: (NetworkAccess | null)[];
  readable?: string[];
  /** The asking viewer's account was deleted: every answer above is void. */
  viewerDeleted?: boolean;
}

export interface MemberCommunityPair {
  memberId: string;
  communityId: string;
}

/** The body of membership's `/internal/access/members`, and its answer. At most 1,000 pairs. */
export interface MembersCommunitiesRequest {
  pairs: MemberCommunityPair[];
}

export interface MembersCommunitiesAnswer {
  /** One per pair asked, in order; null for a community that does not exist. */
  access: (CommunityAccess | null)[];
  /** The members asked about whose account is deleted. */
  deleted: string[];
}

import type { PostEntity, SubjectType } from '../entities';

/** A reference to membership's Community: discussion knows only its id. */
export interface CommunityRef {
  id: string;
}

/** A reference to membership's Member, resolved by the gateway in one batch. */
export interface MemberRef {
  id: string;
}

/** A resource or event, as its owner's key names it: the community comes from the owner. */
export interface SubjectRef {
  type: SubjectType;
  id: string;
  communityId: string | null;
}

/** The parent of a post's reaction fields, which load what they are asked for. */
export interface ReactionSummaryRef {
  postId: string;
}

export interface ModerationItem {
  post: PostEntity;
  waitingSince: Date;
}

export interface SearchHit {
  post: PostEntity;
  rank: number;
  /** The matching passage, with matches between \u0002 and \u0003. */
  headline: string;
}

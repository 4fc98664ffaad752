import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ReactionKind = 'LIKE' | 'HELPFUL';

@Entity({ name: 'reactions' })
export class ReactionEntity {
  @PrimaryColumn({ name: 'post_id', type: 'uuid' })
  postId!: string;

  @PrimaryColumn({ type: 'text' })
  kind!: ReactionKind;

  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @Column({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

/** One row per thread, day and viewer: the unique-viewer count of a day is the number of rows. */
@Entity({ name: 'thread_views' })
export class ThreadViewEntity {
  @PrimaryColumn({ name: 'thread_id', type: 'uuid' })
  threadId!: string;

  /** The calendar day in the network's time zone, as YYYY-MM-DD. */
  @PrimaryColumn({ type: 'date' })
  day!: string;

  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @Column({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @Column({ name: 'viewed_at', type: 'timestamptz', default: () => 'now()' })
  viewedAt!: Date;
}

@Entity({ name: 'thread_follows' })
export class ThreadFollowEntity {
  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @PrimaryColumn({ name: 'thread_id', type: 'uuid' })
  threadId!: string;

  @Column({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

@Entity({ name: 'forum_follows' })
export class ForumFollowEntity {
  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @PrimaryColumn({ name: 'forum_id', type: 'uuid' })
  forumId!: string;

  @Column({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

/** How far a member has read a thread: every post up to this moment. Only moves forward. */
@Entity({ name: 'thread_reads' })
export class ThreadReadEntity {
  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @PrimaryColumn({ name: 'thread_id', type: 'uuid' })
  threadId!: string;

  @Column({ name: 'read_up_to', type: 'timestamptz' })
  readUpTo!: Date;
}

/** A member caught up with a whole forum at this moment: older activity there counts as read. */
@Entity({ name: 'forum_reads' })
export class ForumReadEntity {
  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @PrimaryColumn({ name: 'forum_id', type: 'uuid' })
  forumId!: string;

  @Column({ name: 'read_up_to', type: 'timestamptz' })
  readUpTo!: Date;
}

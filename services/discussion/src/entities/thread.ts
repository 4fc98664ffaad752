import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export type ThreadKind = 'DISCUSSION' | 'QUESTION' | 'CASE_SCENARIO';
export type PostStatus = 'PUBLISHED' | 'PENDING_APPROVAL' | 'HIDDEN' | 'DELETED';
export type SubjectType = 'RESOURCE' | 'EVENT';

@Entity({ name: 'threads' })
export class ThreadEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'forum_id', type: 'uuid' })
  forumId!: string;

  @Column({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId!: string;

  @Column({ type: 'text' })
  kind!: ThreadKind;

  /** Null only for the comment thread of a resource or event. */
  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Column({ type: 'text', array: true })
  tags!: string[];

  @Column({ name: 'author_id', type: 'uuid' })
  authorId!: string;

  /** Mirrors the opening post's status, so lists filter threads without a join. */
  @Column({ type: 'text' })
  status!: PostStatus;

  @Column({ name: 'subject_type', type: 'text', nullable: true })
  subjectType!: SubjectType | null;

  @Column({ name: 'subject_id', type: 'uuid', nullable: true })
  subjectId!: string | null;

  @Column({ name: 'locked_at', type: 'timestamptz', nullable: true })
  lockedAt!: Date | null;

  @Column({ type: 'boolean' })
  pinned!: boolean;

  @Column({ name: 'accepted_post_id', type: 'uuid', nullable: true })
  acceptedPostId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  /** When the last visible post arrived; lists sort by it. */
  @Column({ name: 'last_activity_at', type: 'timestamptz', default: () => 'now()' })
  lastActivityAt!: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}

@Entity({ name: 'posts' })
export class PostEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'thread_id', type: 'uuid' })
  threadId!: string;

  @Column({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId!: string;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId!: string;

  @Column({ name: 'is_opening', type: 'boolean' })
  isOpening!: boolean;

  @Column({ name: 'reply_to_id', type: 'uuid', nullable: true })
  replyToId!: string | null;

  @Column({ type: 'boolean' })
  quoted!: boolean;

  /** The thread's title, on its opening post only, so search ranks titles above bodies. */
  @Column({ type: 'text', nullable: true })
  title!: string | null;

  /** The Markdown exactly as written. */
  @Column({ type: 'text' })
  body!: string;

  /** The body as plain text, which search indexes and snippets quote. */
  @Column({ name: 'body_text', type: 'text' })
  bodyText!: string;

  @Column({ type: 'text' })
  status!: PostStatus;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ name: 'edited_at', type: 'timestamptz', nullable: true })
  editedAt!: Date | null;

  @Column({ name: 'edit_count', type: 'integer' })
  editCount!: number;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  /** Since when the post waits in the moderation queue (pending approval or reported); null when it does not. */
  @Column({ name: 'attention_since', type: 'timestamptz', nullable: true })
  attentionSince!: Date | null;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;
}

/** An earlier version of an edited post. */
@Entity({ name: 'post_revisions' })
export class PostRevisionEntity {
  @PrimaryColumn({ name: 'post_id', type: 'uuid' })
  postId!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Column({ type: 'text' })
  body!: string;

  /** When this version was written. */
  @Column({ name: 'written_at', type: 'timestamptz' })
  writtenAt!: Date;

  /** When an edit replaced it, and who edited. */
  @Column({ name: 'replaced_at', type: 'timestamptz', default: () => 'now()' })
  replacedAt!: Date;

  @Column({ name: 'replaced_by', type: 'uuid' })
  replacedBy!: string;
}

@Entity({ name: 'post_mentions' })
export class MentionEntity {
  @PrimaryColumn({ name: 'post_id', type: 'uuid' })
  postId!: string;

  @PrimaryColumn({ type: 'text' })
  handle!: string;

  @Column({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  /** The member the handle named when the post became visible; null until then, and for nobody. */
  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId!: string | null;
}

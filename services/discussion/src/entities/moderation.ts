import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ReportResolution = 'HIDDEN' | 'RESTORED' | 'DELETED' | 'APPROVED' | 'DISMISSED';

export const MODERATION_ACTIONS = [
  'HIDE_POST',
  'RESTORE_POST',
  'DELETE_POST',
  'APPROVE_POST',
  'DISMISS_REPORTS',
  'LOCK_THREAD',
  'UNLOCK_THREAD',
  'PIN_THREAD',
  'UNPIN_THREAD',
  'MOVE_THREAD',
  'SET_PRE_MODERATION',
] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

@Entity({ name: 'reports' })
export class ReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'post_id', type: 'uuid' })
  postId!: string;

  @Column({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  /** Null once the reporter's account is deleted. */
  @Column({ name: 'reporter_id', type: 'uuid', nullable: true })
  reporterId!: string | null;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'resolved_by', type: 'uuid', nullable: true })
  resolvedBy!: string | null;

  @Column({ type: 'text', nullable: true })
  resolution!: ReportResolution | null;
}

/** The audit log: every moderation action, who took it, on what, and why. */
@Entity({ name: 'moderation_log' })
export class ModerationLogEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @Column({ name: 'actor_id', type: 'uuid' })
  actorId!: string;

  @Column({ type: 'text' })
  action!: ModerationAction;

  @Column({ name: 'thread_id', type: 'uuid', nullable: true })
  threadId!: string | null;

  @Column({ name: 'post_id', type: 'uuid', nullable: true })
  postId!: string | null;

  @Column({ name: 'from_forum_id', type: 'uuid', nullable: true })
  fromForumId!: string | null;

  @Column({ name: 'to_forum_id', type: 'uuid', nullable: true })
  toForumId!: string | null;

  @Column({ type: 'text' })
  reason!: string;

  /** What changed, for actions with a value (the pre-moderation count). */
  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

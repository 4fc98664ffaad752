import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** FORUM: listed and managed by coordinators. COMMENTS: one per community, holding the comment threads of resources and events. */
export type ForumKind = 'FORUM' | 'COMMENTS';

@Entity({ name: 'forums' })
export class ForumEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId!: string;

  @Column({ type: 'text' })
  kind!: ForumKind;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/** Discussion's own settings for a community; membership owns everything else about it. */
@Entity({ name: 'community_settings' })
export class CommunitySettingsEntity {
  @PrimaryColumn({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId!: string;

  /** How many of a member's first posts wait for approval; 0 turns pre-moderation off. */
  @Column({ name: 'pre_moderation_posts', type: 'integer' })
  preModerationPosts!: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;
}

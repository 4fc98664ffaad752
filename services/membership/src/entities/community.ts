import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CommunityVisibility } from '@praxis/platform';

export type JoinPolicy = 'OPEN' | 'APPROVAL' | 'INVITATION';

@Entity({ name: 'communities' })
export class CommunityEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId!: string;

  @Column({ type: 'citext' })
  slug!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'domain_statement', type: 'text' })
  domainStatement!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text', nullable: true })
  aims!: string | null;

  @Column({ type: 'text' })
  visibility!: CommunityVisibility;

  @Column({ name: 'join_policy', type: 'text' })
  joinPolicy!: JoinPolicy;

  @Column({ name: 'contact_email', type: 'citext', nullable: true })
  contactEmail!: string | null;

  @Column({ name: 'contact_member_id', type: 'uuid', nullable: true })
  contactMemberId!: string | null;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

@Entity({ name: 'application_questions' })
export class ApplicationQuestionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @Column({ type: 'smallint' })
  position!: number;

  @Column({ type: 'text' })
  prompt!: string;

  @Column({ type: 'boolean' })
  required!: boolean;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

export const AUDIT_ACTIONS = ['DIRECTORY_READ', 'JOIN_ANSWERS_READ', 'REPORT_READ', 'DATA_EXPORT', 'ROLE_CHANGED', 'SECOND_FACTOR_RESET', 'API_TOKEN_CREATED'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One privileged read, export or change of power; never updated except to blank an erased actor's address. */
@Entity({ name: 'audit_records' })
export class AuditRecordEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'text' })
  action!: AuditAction;

  @Column({ name: 'network_id', type: 'uuid', nullable: true })
  networkId!: string | null;

  @Column({ name: 'community_id', type: 'uuid', nullable: true })
  communityId!: string | null;

  @Column({ name: 'subject_id', type: 'uuid', nullable: true })
  subjectId!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  detail!: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}

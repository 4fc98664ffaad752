import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'networks' })
export class NetworkEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'citext' })
  slug!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

@Entity({ name: 'network_roles' })
export class NetworkRoleEntity {
  @Column({ name: 'network_id', type: 'uuid', primary: true })
  networkId!: string;

  @Column({ name: 'member_id', type: 'uuid', primary: true })
  memberId!: string;

  @Column({ type: 'text', primary: true })
  role!: 'ADMIN' | 'ANALYST';

  @Column({ name: 'granted_at', type: 'timestamptz', default: () => 'now()' })
  grantedAt!: Date;

  @Column({ name: 'granted_by', type: 'uuid', nullable: true })
  grantedBy!: string | null;
}

@Entity({ name: 'vocabulary_terms' })
export class TermEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId!: string;

  @Column({ type: 'text' })
  kind!: 'PROFESSION' | 'REGION' | 'TOPIC';

  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SubjectType } from './thread';

/**
 * Which community owns a resource or event, from the owners' lifecycle events
 * (docs/adr/0006-references-between-subgraphs.md). Used to place comment threads, never to
 * decide permissions: those come live from membership for the community found here.
 */
@Entity({ name: 'subjects' })
export class SubjectEntity {
  @PrimaryColumn({ type: 'text' })
  type!: SubjectType;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId!: string;

  /** Null for a resource shared network-wide, which has no discussion. */
  @Column({ name: 'community_id', type: 'uuid', nullable: true })
  communityId!: string | null;

  @Column({ type: 'boolean' })
  deleted!: boolean;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/** Each network's time zone, from membership's NetworkChanged events, so view days match report buckets. */
@Entity({ name: 'networks' })
export class NetworkZoneEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone!: string;
}

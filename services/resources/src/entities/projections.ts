import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Membership's TOPIC terms, as its TermChanged events describe them. Read-only here. */
@Entity({ name: 'topic_terms' })
export class TopicTermEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId!: string;

  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'boolean' })
  archived!: boolean;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** Each network's time zone, from membership's NetworkChanged events, to cut counters by day. */
@Entity({ name: 'network_zones' })
export class NetworkZoneEntity {
  @PrimaryColumn({ name: 'network_id', type: 'uuid' })
  networkId!: string;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** Events (meetings) and their owning community, from the events service's EventChanged events. */
@Entity({ name: 'event_refs' })
export class EventRefEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId!: string;

  @Column({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @Column({ type: 'boolean' })
  deleted!: boolean;

  @Column({ name: 'starts_at', type: 'timestamptz', nullable: true })
  startsAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

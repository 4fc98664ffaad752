import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

import type { Channel, DigestFrequency, NotificationKind } from '../notifications/delivery/channels';

export { NOTIFICATION_KINDS, type Channel, type DigestFrequency, type NotificationKind } from '../notifications/delivery/channels';
export const CHANNELS = ['EMAIL', 'DIGEST', 'IN_APP'] as const satisfies readonly Channel[];

export type TargetType = 'THREAD' | 'EVENT' | 'RESOURCE' | 'COMMUNITY';

/** What a notification remembers to be told later: titles, names of things and reasons, never a post's body. */
export interface NotificationData {
  title?: string | null;
  reason?: string | null;
  decision?: string;
  joinUrl?: string | null;
  startsAt?: string;
  endsAt?: string;
  timeZone?: string;
  location?: string | null;
  reminderKind?: 'DAY_BEFORE' | 'HOUR_BEFORE';
  change?: string;
  action?: string;
  communityName?: string | null;
  /** Set when the actor deleted their account: the text then says "Former member". */
  formerActor?: boolean;
}

/** One item of a member's feed: one recipient, one source event (docs/adr/0011-notifications.md). */
@Entity({ name: 'notifications' })
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'recipient_id', type: 'uuid' })
  recipientId!: string;

  @Column({ type: 'text' })
  kind!: NotificationKind;

  @Column({ name: 'source_event_id', type: 'uuid' })
  sourceEventId!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Who caused it; null for none and once they deleted their account. */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ name: 'community_id', type: 'uuid', nullable: true })
  communityId!: string | null;

  @Column({ name: 'network_id', type: 'uuid', nullable: true })
  networkId!: string | null;

  @Column({ name: 'target_type', type: 'text', nullable: true })
  targetType!: TargetType | null;

  @Column({ name: 'target_id', type: 'uuid', nullable: true })
  targetId!: string | null;

  /** The post it is about, so moderation can hide it later. */
  @Column({ name: 'post_id', type: 'uuid', nullable: true })
  postId!: string | null;

  @Column({ type: 'jsonb' })
  data!: NotificationData;

  /** The member's choice for this kind when it was created. */
  @Column({ type: 'text' })
  channel!: Channel;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;
}

/** Whether a notification's email went out, once. */
@Entity({ name: 'email_deliveries' })
export class EmailDeliveryEntity {
  @PrimaryColumn({ name: 'notification_id', type: 'uuid' })
  notificationId!: string;

  @Column({ name: 'recipient_id', type: 'uuid' })
  recipientId!: string;

  @Column({ type: 'text' })
  status!: 'QUEUED' | 'SENT' | 'SKIPPED' | 'FAILED';

  @Column({ type: 'int' })
  attempts!: number;

  @Column({ name: 'skipped_reason', type: 'text', nullable: true })
  skippedReason!: string | null;

  /** An error code only, never an address. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}

/** A member's choices; no row means the defaults. `channels` holds only the kinds changed from their default. */
@Entity({ name: 'preferences' })
export class PreferencesEntity {
  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @Column({ type: 'jsonb' })
  channels!: Partial<Record<NotificationKind, Channel>>;

  @Column({ name: 'digest_frequency', type: 'text' })
  digestFrequency!: DigestFrequency;

  /** ISO weekday, 1 Monday to 7 Sunday. */
  @Column({ name: 'digest_weekday', type: 'int' })
  digestWeekday!: number;

  @Column({ name: 'digest_hour', type: 'int' })
  digestHour!: number;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** A digest sent, once per member and period. */
@Entity({ name: 'digests' })
export class DigestEntity {
  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @PrimaryColumn({ name: 'period_key', type: 'text' })
  periodKey!: string;

  @Column({ name: 'sent_at', type: 'timestamptz' })
  sentAt!: Date;

  @Column({ name: 'item_count', type: 'int' })
  itemCount!: number;
}

/** Permanent failures to one address of a member; marked undeliverable after NOTIFICATIONS_UNDELIVERABLE_AFTER. */
@Entity({ name: 'undeliverable' })
export class UndeliverableEntity {
  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  /** sha256 of the lower-cased address, so a changed address is deliverable again. */
  @Column({ name: 'address_hash', type: 'text' })
  addressHash!: string;

  @Column({ type: 'int' })
  failures!: number;

  @Column({ name: 'marked_at', type: 'timestamptz', nullable: true })
  markedAt!: Date | null;

  @Column({ name: 'last_failure_at', type: 'timestamptz' })
  lastFailureAt!: Date;
}

export const entities = [NotificationEntity, EmailDeliveryEntity, PreferencesEntity, DigestEntity, UndeliverableEntity];

import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type EventKind = 'WEBINAR' | 'ONLINE_MEETING' | 'WORKSHOP' | 'CONFERENCE_SESSION' | 'FACE_TO_FACE_MEETING';
export type EventStatus = 'PROPOSED' | 'SCHEDULED' | 'CANCELLED' | 'DECLINED';
export type RegistrationPolicy = 'MEMBERS_ONLY' | 'SIGNED_IN';
export type SpeakerRole = 'CHAIR' | 'SPEAKER' | 'FACILITATOR' | 'PANELLIST' | 'HOST';

export interface StoredSpeaker {
  name: string;
  role: SpeakerRole;
  affiliation: string | null;
  partNumber: number | null;
  memberId: string | null;
}

export interface StoredPart {
  title: string;
  description: string | null;
  learningOutcomes: string[];
}

/** One event: a one-off, or one occurrence of a series. */
@Entity({ name: 'events' })
export class EventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId!: string;

  @Column({ name: 'series_id', type: 'uuid', nullable: true })
  seriesId!: string | null;

  /** The occurrence's original local start in its series, which stays when it is moved. */
  @Column({ name: 'series_key', type: 'text', nullable: true })
  seriesKey!: string | null;

  @Column({ type: 'text' })
  status!: EventStatus;

  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason!: string | null;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text' })
  kind!: EventKind;

  @Column({ type: 'text', nullable: true })
  format!: string | null;

  @Column({ type: 'text', nullable: true })
  stream!: string | null;

  @Column({ type: 'text', array: true })
  tags!: string[];

  @Column({ name: 'local_start', type: 'text' })
  localStart!: string;

  @Column({ name: 'local_end', type: 'text' })
  localEnd!: string;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone!: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'boolean' })
  rescheduled!: boolean;

  @Column({ type: 'text', nullable: true })
  venue!: string | null;

  @Column({ name: 'join_url', type: 'text', nullable: true })
  joinUrl!: string | null;

  @Column({ type: 'jsonb' })
  speakers!: StoredSpeaker[];

  @Column({ name: 'speaker_member_ids', type: 'uuid', array: true })
  speakerMemberIds!: string[];

  @Column({ type: 'jsonb' })
  parts!: StoredPart[];

  @Column({ name: 'learning_outcomes', type: 'text', array: true })
  learningOutcomes!: string[];

  /** numeric: PostgreSQL returns it as a string, to keep its precision. */
  @Column({ name: 'cpd_hours', type: 'numeric' })
  cpdHours!: string;

  @Column({ type: 'boolean' })
  captions!: boolean;

  @Column({ name: 'wheelchair_access', type: 'boolean' })
  wheelchairAccess!: boolean;

  @Column({ type: 'text', nullable: true })
  interpreter!: string | null;

  @Column({ name: 'accessibility_notes', type: 'text', nullable: true })
  accessibilityNotes!: string | null;

  @Column({ type: 'integer', nullable: true })
  capacity!: number | null;

  @Column({ name: 'registered_count', type: 'integer' })
  registeredCount!: number;

  @Column({ name: 'waitlist_count', type: 'integer' })
  waitlistCount!: number;

  @Column({ name: 'registration_policy', type: 'text' })
  registrationPolicy!: RegistrationPolicy;

  @Column({ name: 'registration_opens_at', type: 'timestamptz', nullable: true })
  registrationOpensAt!: Date | null;

  @Column({ name: 'registration_closes_at', type: 'timestamptz', nullable: true })
  registrationClosesAt!: Date | null;

  @Column({ name: 'organiser_id', type: 'uuid', nullable: true })
  organiserId!: string | null;

  @Column({ name: 'proposed_by', type: 'uuid', nullable: true })
  proposedBy!: string | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}

/** A recurring series: its rule, its time zone and the details new occurrences copy. */
@Entity({ name: 'event_series' })
export class EventSeriesEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId!: string;

  @Column({ type: 'text' })
  recurrence!: string;

  @Column({ name: 'time_zone', type: 'text' })
  timeZone!: string;

  @Column({ name: 'first_local_start', type: 'text' })
  firstLocalStart!: string;

  @Column({ name: 'duration_minutes', type: 'integer' })
  durationMinutes!: number;

  @Column({ type: 'jsonb' })
  template!: Record<string, unknown>;

  @Column({ name: 'materialised_until', type: 'timestamptz' })
  materialisedUntil!: Date;

  @Column({ type: 'boolean' })
  exhausted!: boolean;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

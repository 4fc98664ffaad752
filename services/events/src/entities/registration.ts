import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type RegistrationStatus = 'REGISTERED' | 'WAITLISTED' | 'CANCELLED';

@Entity({ name: 'event_registrations' })
export class RegistrationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  /** Null once the account is deleted; the row stays so counts stay right. */
  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId!: string | null;

  @Column({ type: 'text' })
  status!: RegistrationStatus;

  /** The order of arrival, which is the order of the waitlist. bigint, so a string. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ name: 'via_series', type: 'boolean' })
  viaSeries!: boolean;

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt!: Date;

  @Column({ name: 'promoted_at', type: 'timestamptz', nullable: true })
  promotedAt!: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ name: 'anonymised_at', type: 'timestamptz', nullable: true })
  anonymisedAt!: Date | null;
}

/** A record that someone attended, giving them the event's CPD hours and a certificate. */
@Entity({ name: 'event_attendance' })
export class AttendanceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId!: string | null;

  @Column({ name: 'event_title', type: 'text' })
  eventTitle!: string;

  @Column({ name: 'attended_on', type: 'timestamptz' })
  attendedOn!: Date;

  @Column({ name: 'local_year', type: 'integer' })
  localYear!: number;

  @Column({ name: 'cpd_hours', type: 'numeric' })
  cpdHours!: string;

  @Column({ name: 'certificate_code', type: 'text' })
  certificateCode!: string;

  @Column({ name: 'marked_by', type: 'uuid' })
  markedBy!: string;

  @Column({ name: 'marked_at', type: 'timestamptz' })
  markedAt!: Date;

  @Column({ name: 'anonymised_at', type: 'timestamptz', nullable: true })
  anonymisedAt!: Date | null;
}

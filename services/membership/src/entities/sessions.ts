import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A session: one sign-in and every refresh token rotated from it. Its id is the refresh-token
 * family's. Whether it is still active is read from its refresh tokens (one unused, unrevoked
 * and unexpired), so every way of ending a family ends its session too.
 */
@Entity({ name: 'sessions' })
export class SessionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  /** As the gateway received it, truncated; null when the sign-in came without one. */
  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent!: string | null;

  /** The client address the session was started from, as the gateway saw it. */
  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Moved on every refresh. */
  @Column({ name: 'last_used_at', type: 'timestamptz' })
  lastUsedAt!: Date;
}

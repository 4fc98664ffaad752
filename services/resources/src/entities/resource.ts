import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { resourcesContracts } from '@praxis/platform';

type ResourceKind = resourcesContracts.ResourceKind;

export type ResourceAudience = 'STAFF' | 'CONSUMERS_AND_CARERS' | 'EVERYONE';
export type ResourceStatus = 'PENDING_REVIEW' | 'PUBLISHED' | 'REJECTED';
export type LinkStatus = 'UNCHECKED' | 'OK' | 'BROKEN';

/**
 * A resource in a library. Its search vector is maintained in SQL by the library's writes and
 * is not mapped here, so reads never carry it.
 */
@Entity({ name: 'resources' })
export class ResourceEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId!: string;

  @Column({ name: 'community_id', type: 'uuid', nullable: true })
  communityId!: string | null;

  @Column({ name: 'contributor_id', type: 'uuid' })
  contributorId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'text' })
  kind!: ResourceKind;

  @Column({ type: 'text' })
  audience!: ResourceAudience;

  @Column({ type: 'text' })
  language!: string;

  @Column({ name: 'source_name', type: 'text', nullable: true })
  sourceName!: string | null;

  /** A calendar date, kept as PostgreSQL's text form (YYYY-MM-DD) so no time zone shifts it. */
  @Column({ name: 'published_on', type: 'date', nullable: true })
  publishedOn!: string | null;

  @Column({ type: 'text', nullable: true })
  licence!: string | null;

  @Column({ type: 'text', nullable: true })
  url!: string | null;

  @Column({ name: 'file_id', type: 'uuid', nullable: true })
  fileId!: string | null;

  @Column({ type: 'text' })
  status!: ResourceStatus;

  @Column({ name: 'review_reason', type: 'text', nullable: true })
  reviewReason!: string | null;

  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true })
  reviewedBy!: string | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  @Column({ name: 'featured_at', type: 'timestamptz', nullable: true })
  featuredAt!: Date | null;

  @Column({ name: 'view_count', type: 'integer' })
  viewCount!: number;

  @Column({ name: 'download_count', type: 'integer' })
  downloadCount!: number;

  @Column({ name: 'helpful_count', type: 'integer' })
  helpfulCount!: number;

  @Column({ type: 'integer' })
  revision!: number;

  @Column({ name: 'link_status', type: 'text' })
  linkStatus!: LinkStatus;

  @Column({ name: 'link_http_status', type: 'integer', nullable: true })
  linkHttpStatus!: number | null;

  @Column({ name: 'link_problem', type: 'text', nullable: true })
  linkProblem!: string | null;

  @Column({ name: 'link_final_url', type: 'text', nullable: true })
  linkFinalUrl!: string | null;

  @Column({ name: 'link_checked_at', type: 'timestamptz', nullable: true })
  linkCheckedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @Column({ name: 'deleted_by', type: 'uuid', nullable: true })
  deletedBy!: string | null;
}

export type FileStatus = 'PENDING' | 'RECEIVING' | 'STORED' | 'ATTACHED' | 'DELETED';

/** An upload: pending until its bytes arrive, stored once checked, attached to one resource. */
@Entity({ name: 'resource_files' })
export class ResourceFileEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'uploader_id', type: 'uuid' })
  uploaderId!: string;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId!: string;

  @Column({ name: 'community_id', type: 'uuid', nullable: true })
  communityId!: string | null;

  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  @Column({ name: 'storage_key', type: 'text' })
  storageKey!: string;

  @Column({ type: 'text' })
  status!: FileStatus;

  /** bigint arrives as a string from pg; sizes here stay far below 2^53. */
  @Column({ name: 'byte_size', type: 'bigint', nullable: true })
  byteSize!: string | null;

  @Column({ name: 'content_type', type: 'text', nullable: true })
  contentType!: string | null;

  @Column({ type: 'text', nullable: true })
  sha256!: string | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'stored_at', type: 'timestamptz', nullable: true })
  storedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ResourceAudience, ResourceStatus } from './resource';
import type { resourcesContracts } from '@praxis/platform';

type ResourceKind = resourcesContracts.ResourceKind;

@Entity({ name: 'library_settings' })
export class LibrarySettingsEntity {
  @PrimaryColumn({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId!: string;

  @Column({ type: 'boolean' })
  curated!: boolean;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity({ name: 'library_tags' })
export class LibraryTagEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId!: string;

  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** What a revision records of the resource after the change. */
export interface RevisionSnapshot {
  title: string;
  summary: string;
  kind: ResourceKind;
  audience: ResourceAudience;
  url: string | null;
  fileName: string | null;
  communityId: string | null;
  status: ResourceStatus;
  topicIds: string[];
  tagIds: string[];
  language: string;
  sourceName: string | null;
  publishedOn: string | null;
  licence: string | null;
}

export type RevisionChange = 'CREATED' | 'EDITED' | 'MOVED' | 'APPROVED' | 'REJECTED' | 'FEATURED' | 'UNFEATURED' | 'DELETED';

@Entity({ name: 'resource_revisions' })
export class ResourceRevisionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'resource_id', type: 'uuid' })
  resourceId!: string;

  @Column({ type: 'integer' })
  revision!: number;

  @Column({ type: 'text' })
  change!: RevisionChange;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'jsonb' })
  snapshot!: RevisionSnapshot;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity({ name: 'resource_collections' })
export class ResourceCollectionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @Column({ name: 'network_id', type: 'uuid' })
  networkId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

export type EventRole = 'SLIDES' | 'RECORDING' | 'HANDOUT' | 'OTHER';

@Entity({ name: 'resource_event_links' })
export class ResourceEventLinkEntity {
  @PrimaryColumn({ name: 'resource_id', type: 'uuid' })
  resourceId!: string;

  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ type: 'text' })
  role!: EventRole;

  @Column({ name: 'linked_by', type: 'uuid' })
  linkedBy!: string;

  @Column({ name: 'linked_at', type: 'timestamptz' })
  linkedAt!: Date;
}

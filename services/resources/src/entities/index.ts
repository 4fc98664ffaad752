import { LibrarySettingsEntity, LibraryTagEntity, ResourceCollectionEntity, ResourceEventLinkEntity, ResourceRevisionEntity } from './library';
import { EventRefEntity, NetworkZoneEntity, TopicTermEntity } from './projections';
import { ResourceEntity, ResourceFileEntity } from './resource';

export * from './library';
export * from './projections';
export * from './resource';

export const entities = [
  ResourceEntity,
  ResourceFileEntity,
  LibrarySettingsEntity,
  LibraryTagEntity,
  ResourceRevisionEntity,
  ResourceCollectionEntity,
  ResourceEventLinkEntity,
  TopicTermEntity,
  NetworkZoneEntity,
  EventRefEntity,
];

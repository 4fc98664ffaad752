import type {
  LibraryCommunityCountResolvers,
  LibraryFacetsResolvers,
  LibraryResourceConnectionResolvers,
  LibraryTagCountResolvers,
  LibraryTagResolvers,
  ResourceCollectionResolvers,
  ResourceTopicCountResolvers,
} from '../__generated__/resolvers';
import { pageRequest } from '@praxis/platform';
import type { LibraryTagEntity, TopicTermEntity } from '../entities';

const byPosition = (a: { position: number; label: string }, b: { position: number; label: string }) => a.position - b.position || a.label.localeCompare(b.label);

export const LibraryResourceConnection: LibraryResourceConnectionResolvers = {
  totalCount: (page) => page.totalCount(),
  facets: (page) => page.facets(),
};

/** Topic and tag facets read in their vocabulary's order, like the lists they come from. */
export const LibraryFacets: LibraryFacetsResolvers = {
  topics: async (facets, _args, { loaders }) => {
    const topics = await loaders.topic.loadMany(facets.topics.map((entry) => entry.topicId));
    const order = new Map(topics.map((topic, index) => [facets.topics[index]!.topicId, topic instanceof Error ? null : topic]));
    return facets.topics.filter((entry) => order.get(entry.topicId)).sort((a, b) => byPosition(order.get(a.topicId) as TopicTermEntity, order.get(b.topicId) as TopicTermEntity));
  },
  tags: async (facets, _args, { loaders }) => {
    const tags = await loaders.tag.loadMany(facets.tags.map((entry) => entry.tagId));
    const order = new Map(tags.map((tag, index) => [facets.tags[index]!.tagId, tag instanceof Error ? null : tag]));
    return facets.tags.filter((entry) => order.get(entry.tagId)).sort((a, b) => byPosition(order.get(a.tagId) as LibraryTagEntity, order.get(b.tagId) as LibraryTagEntity));
  },
};

export const ResourceTopicCount: ResourceTopicCountResolvers = {
  topic: async (entry, _args, { loaders }) => (await loaders.topic.load(entry.topicId))!,
};

export const LibraryTagCount: LibraryTagCountResolvers = {
  tag: async (entry, _args, { loaders }) => (await loaders.tag.load(entry.tagId))!,
};

export const LibraryCommunityCount: LibraryCommunityCountResolvers = {
  community: (entry) => (entry.communityId ? { id: entry.communityId } : null),
};

export const LibraryTag: LibraryTagResolvers = {
  archived: (tag) => tag.archivedAt !== null,
  community: (tag) => ({ id: tag.communityId }),
};

export const ResourceCollection: ResourceCollectionResolvers = {
  community: (collection) => ({ id: collection.communityId }),
  items: (collection, args, { loaders }) => loaders.collectionItems.load({ owner: collection.id, page: pageRequest(args, 1) }),
  itemCount: (collection, _args, { loaders }) => loaders.collectionItemCount.load(collection.id),
};

import type { ApolloCache, Reference } from '@apollo/client';

/** A decided submission leaves the queue at once; the library and the counts are read again when next shown. */
export function settleSubmission(cache: ApolloCache, communityId: string, resourceId: string): void {
  const community = cache.identify({ __typename: 'Community', id: communityId });
  const resource = cache.identify({ __typename: 'Resource', id: resourceId });
  cache.modify<{ libraryCurationQueue: { edges: { node: Reference }[] } }>({
    id: community,
    fields: {
      libraryCurationQueue(existing) {
        if (!existing || !('edges' in existing)) return existing;
        return { ...existing, edges: existing.edges.filter((edge) => edge.node.__ref !== resource) };
      },
    },
  });
  for (const fieldName of ['libraryCurationQueueCount', 'library']) cache.evict({ id: community, fieldName });
  cache.gc();
}

/** Featuring changes the featured list's order, which only the server knows. */
export function forgetFeatured(cache: ApolloCache, communityId: string): void {
  cache.evict({ id: cache.identify({ __typename: 'Community', id: communityId }), fieldName: 'featuredResources' });
  cache.gc();
}

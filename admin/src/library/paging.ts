interface Connection<Edge> {
  edges: Edge[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/**
 * Appends the next page of a connection the cache has no pagination policy for (a search, a
 * collection's items), so "Load more" still grows one list.
 */
export function appendPage<Edge, T extends Connection<Edge>>(previous: T | null | undefined, next: T | null | undefined): T | null | undefined {
  if (!previous || !next) return next ?? previous;
  return { ...next, edges: [...previous.edges, ...next.edges] };
}

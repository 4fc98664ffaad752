import type { ApolloCache, Reference } from '@apollo/client';

/**
 * After a moderator settles a post, it leaves the queue at once, and the counts and the audit
 * log are read again the next time they are shown.
 */
export function settlePost(cache: ApolloCache, communityId: string, postId: string): void {
  const community = cache.identify({ __typename: 'Community', id: communityId });
  const post = cache.identify({ __typename: 'DiscussionPost', id: postId });
  cache.modify<{ discussionModerationQueue: { edges: { node: Record<string, unknown> }[] } }>({
    id: community,
    fields: {
      discussionModerationQueue(existing, { readField }) {
        if (!existing || !('edges' in existing)) return existing;
        return { ...existing, edges: existing.edges.filter((edge) => (readField('post', edge.node as never) as Reference | undefined)?.__ref !== post) };
      },
    },
  });
  forgetLog(cache, communityId);
  cache.evict({ id: community, fieldName: 'discussionModerationQueueCount' });
}

/** Thread actions stay in the queue but belong in the audit log. */
export function forgetLog(cache: ApolloCache, communityId: string): void {
  cache.evict({ id: cache.identify({ __typename: 'Community', id: communityId }), fieldName: 'discussionAuditLog' });
  cache.gc();
}

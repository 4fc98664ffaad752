import { useQuery } from '@apollo/client/react';
import { Stack } from '@mantine/core';
import { graphql } from '../gql';
import { LoadMore } from '../ui/LoadMore';
import { QueryError } from '../ui/QueryError';
import { Empty, ListSkeleton } from '../ui/States';
import { ModerationItemCard } from './ModerationItemCard';

export const MODERATION_QUEUE = graphql(`
  query ModerationQueue($id: ID!, $after: String) {
    community(id: $id) {
      id
      discussionModerationQueue(first: 20, after: $after) {
        edges {
          cursor
          node {
            post {
              id
            }
            ...ModerationItem
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

export function ModerationQueue({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { data, error, loading, refetch, fetchMore } = useQuery(MODERATION_QUEUE, { variables: { id: communityId } });
  const queue = data?.community?.discussionModerationQueue;
  if (error && !queue) return <QueryError error={error} onRetry={() => refetch()} />;
  if (loading && !queue) return <ListSkeleton label="Loading the moderation queue" />;
  if (!queue) return <Empty>The moderation queue isn&apos;t available right now. Try again shortly.</Empty>;
  if (queue.edges.length === 0) return <Empty>Nothing waits for a moderator. Held and reported posts will appear here.</Empty>;
  return (
    <>
      <Stack gap="md">
        {queue.edges.map(({ node }) => (
          <ModerationItemCard key={node.post.id} item={node} communityId={communityId} timeZone={timeZone} />
        ))}
      </Stack>
      <LoadMore pageInfo={queue.pageInfo} fetchMore={(after) => fetchMore({ variables: { after } })} label="More posts" />
    </>
  );
}

import { useQuery } from '@apollo/client/react';
import { Card, Stack, Title } from '@mantine/core';
import { graphql } from '../gql';
import { LoadMore } from '../ui/LoadMore';
import { QueryError } from '../ui/QueryError';
import { Empty, ListSkeleton } from '../ui/States';
import { CollectionEditor } from './CollectionEditor';
import { CollectionForm } from './CollectionForm';

export const COLLECTIONS = graphql(`
  query ResourceCollections($id: ID!, $after: String) {
    community(id: $id) {
      id
      resourceCollections(first: 10, after: $after) {
        edges {
          cursor
          node {
            id
            ...CollectionEditor
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

/** The community's collections, oldest first, and a form to start a new one. Coordinators only. */
export function Collections({ communityId }: { communityId: string }) {
  const { data, error, loading, refetch, fetchMore } = useQuery(COLLECTIONS, { variables: { id: communityId } });
  const collections = data?.community?.resourceCollections;
  return (
    <Stack>
      <Card withBorder padding="lg" component="section" aria-labelledby="new-collection-heading">
        <Title order={2} size="h4" id="new-collection-heading" mb="sm">
          New collection
        </Title>
        <CollectionForm communityId={communityId} />
      </Card>
      <Title order={2} size="h4">
        Collections
      </Title>
      {error && !collections ? (
        <QueryError error={error} onRetry={() => refetch()} />
      ) : loading && !collections ? (
        <ListSkeleton rows={2} label="Loading collections" />
      ) : !collections || collections.edges.length === 0 ? (
        <Empty>No collections yet. Create one above, such as “Start here”.</Empty>
      ) : (
        <>
          {collections.edges.map(({ node }) => (
            <CollectionEditor key={node.id} communityId={communityId} collection={node} />
          ))}
          <LoadMore pageInfo={collections.pageInfo} fetchMore={(after) => fetchMore({ variables: { after } })} label="More collections" />
        </>
      )}
    </Stack>
  );
}

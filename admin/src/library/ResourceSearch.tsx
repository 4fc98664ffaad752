import { useQuery } from '@apollo/client/react';
import { Box, Group, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { graphql } from '../gql';
import { LoadMore } from '../ui/LoadMore';
import { QueryError } from '../ui/QueryError';
import { ListSkeleton } from '../ui/States';
import { KIND_LABELS } from './labels';
import { appendPage } from './paging';

export const LIBRARY_SEARCH = graphql(`
  query LibrarySearch($id: ID!, $search: String, $after: String) {
    community(id: $id) {
      id
      library(filter: { search: $search }, first: 10, after: $after) {
        totalCount
        edges {
          cursor
          node {
            id
            title
            kind
            featuredAt
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

export interface FoundResource {
  id: string;
  title: string;
  featuredAt?: string | null;
}

/** Finds published resources of the community's library, each with an action beside it. */
export function ResourceSearch({ communityId, label, action }: { communityId: string; label: string; action: (resource: FoundResource) => React.ReactNode }) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const { data, error, loading, refetch, fetchMore } = useQuery(LIBRARY_SEARCH, { variables: { id: communityId, search: debounced || null } });
  const library = data?.community?.library;
  return (
    <Stack gap="xs">
      <TextInput label={label} type="search" value={search} onChange={(event) => setSearch(event.currentTarget.value)} placeholder="Title, summary or source" />
      {error && !library ? (
        <QueryError error={error} onRetry={() => refetch()} />
      ) : loading && !library ? (
        <ListSkeleton rows={2} label="Searching the library" />
      ) : !library || library.edges.length === 0 ? (
        <Text size="sm" c="dimmed">
          No published resource matches.
        </Text>
      ) : (
        <>
          <Text size="sm" c="dimmed" aria-live="polite">
            {library.totalCount} published resource{library.totalCount === 1 ? '' : 's'}
          </Text>
          <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
            {library.edges.map(({ node }) => (
              <Group key={node.id} component="li" justify="space-between" wrap="nowrap" gap="sm">
                <Text size="sm">
                  {node.title}{' '}
                  <Text span size="xs" c="dimmed">
                    ({KIND_LABELS[node.kind]})
                  </Text>
                </Text>
                {/* The title wraps; the action keeps its width, however narrow the screen. */}
                <Box flex="none">{action(node)}</Box>
              </Group>
            ))}
          </Stack>
          <LoadMore
            pageInfo={library.pageInfo}
            label="More results"
            fetchMore={(after) =>
              fetchMore({
                variables: { after },
                updateQuery: (previous, { fetchMoreResult }) => {
                  if (!previous.community || !fetchMoreResult.community) return previous as typeof fetchMoreResult;
                  return { ...previous, community: { ...previous.community, library: appendPage(previous.community.library, fetchMoreResult.community.library) } } as typeof fetchMoreResult;
                },
              })
            }
          />
        </>
      )}
    </Stack>
  );
}

import { useMutation, useQuery } from '@apollo/client/react';
import { Box, Button, Card, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { graphql } from '../gql';
import { DateTime } from '../ui/DateTime';
import { LoadMore } from '../ui/LoadMore';
import { notifyError, notifySuccess } from '../ui/notify';
import { QueryError } from '../ui/QueryError';
import { Empty, ListSkeleton } from '../ui/States';
import { forgetFeatured } from './cache';
import { appendPage } from './paging';
import { ResourceSearch } from './ResourceSearch';

export const FEATURED_RESOURCES = graphql(`
  query FeaturedResources($id: ID!, $after: String) {
    community(id: $id) {
      id
      featuredResources(first: 20, after: $after) {
        edges {
          cursor
          node {
            id
            title
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

const SET_FEATURED = graphql(`
  mutation SetResourceFeatured($input: SetResourceFeaturedInput!) {
    setResourceFeatured(input: $input) {
      resource {
        id
        featuredAt
      }
    }
  }
`);

function FeatureButton({ communityId, resource, featured }: { communityId: string; resource: { id: string; title: string }; featured: boolean }) {
  const [setFeatured, { loading }] = useMutation(SET_FEATURED);
  return (
    <Button
      size="xs"
      variant={featured ? 'default' : 'light'}
      loading={loading}
      aria-label={`${featured ? 'Stop featuring' : 'Feature'} “${resource.title}”`}
      onClick={() => {
        setFeatured({ variables: { input: { resourceId: resource.id, featured: !featured } }, update: (cache) => forgetFeatured(cache, communityId) })
          .then(() => notifySuccess(featured ? `“${resource.title}” is no longer featured.` : `“${resource.title}” is featured.`))
          .catch(notifyError);
      }}
    >
      {featured ? 'Stop featuring' : 'Feature'}
    </Button>
  );
}

/** Resources shown at the top of the community's library, and a search to feature more. Coordinators only. */
export function FeaturedResources({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { data, error, loading, refetch, fetchMore } = useQuery(FEATURED_RESOURCES, { variables: { id: communityId } });
  const featured = data?.community?.featuredResources;
  return (
    <Stack>
      <Card withBorder padding="lg" component="section" aria-labelledby="featured-heading">
        <Title order={2} size="h4" id="featured-heading" mb="sm">
          Featured now
        </Title>
        {error && !featured ? (
          <QueryError error={error} onRetry={() => refetch()} />
        ) : loading && !featured ? (
          <ListSkeleton rows={2} label="Loading featured resources" />
        ) : !featured || featured.edges.length === 0 ? (
          <Empty>Nothing is featured. Feature a resource below to show it at the top of the library.</Empty>
        ) : (
          <>
            <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
              {featured.edges.map(({ node }) => (
                <Group key={node.id} component="li" justify="space-between" wrap="nowrap">
                  <div>
                    <Text size="sm" fw={600}>
                      {node.title}
                    </Text>
                    {node.featuredAt && (
                      <Text size="xs" c="dimmed">
                        Featured <DateTime value={node.featuredAt} timeZone={timeZone} />
                      </Text>
                    )}
                  </div>
                  <Box flex="none">
                    <FeatureButton communityId={communityId} resource={node} featured />
                  </Box>
                </Group>
              ))}
            </Stack>
            <LoadMore
              pageInfo={featured.pageInfo}
              label="More featured resources"
              fetchMore={(after) =>
                fetchMore({
                  variables: { after },
                  updateQuery: (previous, { fetchMoreResult }) => {
                    if (!previous.community || !fetchMoreResult.community) return previous as typeof fetchMoreResult;
                    return { ...previous, community: { ...previous.community, featuredResources: appendPage(previous.community.featuredResources, fetchMoreResult.community.featuredResources) } } as typeof fetchMoreResult;
                  },
                })
              }
            />
          </>
        )}
      </Card>
      <Divider />
      <Card withBorder padding="lg" component="section" aria-labelledby="feature-more-heading">
        <Title order={2} size="h4" id="feature-more-heading" mb="sm">
          Feature a resource
        </Title>
        <ResourceSearch communityId={communityId} label="Search the library" action={(resource) => <FeatureButton communityId={communityId} resource={resource} featured={Boolean(resource.featuredAt)} />} />
      </Card>
    </Stack>
  );
}

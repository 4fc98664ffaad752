import { useQuery } from '@apollo/client/react';
import { SimpleGrid, Text } from '@mantine/core';
import { NoAdminRights } from '../app/NoAdminRights';
import { graphql } from '../gql';
import { LoadMore } from '../ui/LoadMore';
import { PageTitle } from '../ui/PageTitle';
import { QueryError } from '../ui/QueryError';
import { ListSkeleton } from '../ui/States';
import { CommunityCard } from './CommunityCard';

/** The whole home screen in one operation: the communities the viewer manages, their queues and next events. */
export const HOME_PAGE = graphql(`
  query HomePage($after: String) {
    me {
      memberId
      managedCommunities(first: 20, after: $after) {
        edges {
          cursor
          node {
            id
            ...CommunityCard
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

export default function HomePage() {
  // A part of the graph that is down leaves its counts null with an error; the rest still shows.
  const { data, error, loading, refetch, fetchMore } = useQuery(HOME_PAGE, { errorPolicy: 'all' });
  const connection = data?.me?.managedCommunities;
  if (error && !connection) {
    return (
      <>
        <PageTitle title="Your communities">Your communities</PageTitle>
        <QueryError error={error} onRetry={() => refetch()} />
      </>
    );
  }
  if (loading && !connection) {
    return (
      <>
        <PageTitle title="Your communities">Your communities</PageTitle>
        <ListSkeleton label="Loading your communities" />
      </>
    );
  }
  if (!connection || connection.edges.length === 0) return <NoAdminRights />;
  return (
    <>
      <PageTitle title="Your communities">Your communities</PageTitle>
      {error && <QueryError error={error} onRetry={() => refetch()} partial />}
      <Text c="dimmed" mb="md">
        Communities you coordinate or moderate, and every community of the networks you administer. Times are shown in each network&apos;s time zone.
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
        {connection.edges.map(({ node }) => (
          <CommunityCard key={node.id} community={node} />
        ))}
      </SimpleGrid>
      <LoadMore pageInfo={connection.pageInfo} fetchMore={(after) => fetchMore({ variables: { after } })} label="More communities" />
    </>
  );
}

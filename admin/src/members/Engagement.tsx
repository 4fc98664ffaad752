import { useQuery } from '@apollo/client/react';
import { Table } from '@mantine/core';
import { graphql } from '../gql';
import type { CommunityHeader } from '../community/CommunityScreen';
import { DateTime } from '../ui/DateTime';
import { formatDate } from '../ui/time';
import { roleLabel } from '../ui/labels';
import { LoadMore } from '../ui/LoadMore';
import { QueryError } from '../ui/QueryError';
import { Empty, ListSkeleton } from '../ui/States';
import { RecordTable } from '../ui/RecordTable';

const ENGAGEMENT = graphql(`
  query MemberEngagement($id: ID!, $after: String) {
    community(id: $id) {
      id
      memberEngagement(first: 20, after: $after, order: LEAST_RECENTLY_ACTIVE) {
        edges {
          cursor
          node {
            role
            joinedAt
            lastActiveAt
            threads
            replies
            reactions
            contributions
            registrations
            attendances
            member {
              id
              displayName
            }
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

/** Who has gone quiet: members by their last activity, never-active first. */
export function Engagement({ community }: { community: CommunityHeader }) {
  const { data, error, loading, refetch, fetchMore } = useQuery(ENGAGEMENT, { variables: { id: community.id }, fetchPolicy: 'cache-and-network' });
  const connection = data?.community?.memberEngagement;
  const zone = community.network.timeZone;
  if (error && !connection) return <QueryError error={error} onRetry={() => refetch()} />;
  if (loading && !connection) return <ListSkeleton label="Loading engagement" />;
  if (!connection || connection.edges.length === 0) return <Empty>No active members yet.</Empty>;
  return (
    <>
      <RecordTable minWidth={1000} caption="Members, quietest first" columns={['Member', 'Role', 'Joined', 'Last active', 'Threads', 'Replies', 'Reactions', 'Resources', 'Registrations', 'Attended']}>
        {connection.edges.map(({ node }) => (
          <Table.Tr key={node.member.id}>
            <Table.Td>{node.member.displayName}</Table.Td>
            <Table.Td>{roleLabel(node.role)}</Table.Td>
            <Table.Td>{formatDate(node.joinedAt, zone)}</Table.Td>
            <Table.Td>{node.lastActiveAt ? <DateTime value={node.lastActiveAt} timeZone={zone} /> : 'Never'}</Table.Td>
            <Table.Td>{node.threads}</Table.Td>
            <Table.Td>{node.replies}</Table.Td>
            <Table.Td>{node.reactions}</Table.Td>
            <Table.Td>{node.contributions}</Table.Td>
            <Table.Td>{node.registrations}</Table.Td>
            <Table.Td>{node.attendances}</Table.Td>
          </Table.Tr>
        ))}
      </RecordTable>
      <LoadMore pageInfo={connection.pageInfo} fetchMore={(after) => fetchMore({ variables: { after } })} />
    </>
  );
}

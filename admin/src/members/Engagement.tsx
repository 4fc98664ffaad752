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
      <Table.ScrollContainer minWidth={1000}>
        <Table striped>
          <Table.Caption>Members, quietest first</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Member</Table.Th>
              <Table.Th scope="col">Role</Table.Th>
              <Table.Th scope="col">Joined</Table.Th>
              <Table.Th scope="col">Last active</Table.Th>
              <Table.Th scope="col">Threads</Table.Th>
              <Table.Th scope="col">Replies</Table.Th>
              <Table.Th scope="col">Reactions</Table.Th>
              <Table.Th scope="col">Resources</Table.Th>
              <Table.Th scope="col">Registrations</Table.Th>
              <Table.Th scope="col">Attended</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
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
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <LoadMore pageInfo={connection.pageInfo} fetchMore={(after) => fetchMore({ variables: { after } })} />
    </>
  );
}

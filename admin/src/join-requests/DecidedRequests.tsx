import { useQuery } from '@apollo/client/react';
import { SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { graphql } from '../gql';
import type { JoinRequestStatus } from '../gql/graphql';
import type { CommunityHeader } from '../community/CommunityScreen';
import { DateTime } from '../ui/DateTime';
import { LoadMore } from '../ui/LoadMore';
import { QueryError } from '../ui/QueryError';
import { Empty, ListSkeleton } from '../ui/States';
import { RecordTable } from '../ui/RecordTable';

const DECIDED_REQUESTS = graphql(`
  query DecidedJoinRequests($id: ID!, $status: JoinRequestStatus!, $after: String) {
    community(id: $id) {
      id
      joinRequests(status: $status, orderBy: DECIDED_NEWEST_FIRST, first: 20, after: $after) {
        edges {
          cursor
          node {
            id
            status
            createdAt
            decidedAt
            declineReason
            member {
              id
              displayName
            }
            decidedBy {
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

const STATUSES: { value: JoinRequestStatus; label: string }[] = [
  { value: 'APPROVED', label: 'Approved' },
  { value: 'DECLINED', label: 'Declined' },
  { value: 'WITHDRAWN', label: 'Withdrawn' },
];

/** Requests already decided: who decided, when, and for a declined one, why. */
export function DecidedRequests({ community }: { community: CommunityHeader }) {
  const [status, setStatus] = useState<JoinRequestStatus>('APPROVED');
  const { data, error, loading, refetch, fetchMore } = useQuery(DECIDED_REQUESTS, { variables: { id: community.id, status }, fetchPolicy: 'cache-and-network' });
  const connection = data?.community?.joinRequests;
  const zone = community.network.timeZone;
  return (
    <Stack>
      <SegmentedControl aria-label="Decision" data={STATUSES} value={status} onChange={(value) => setStatus(value as JoinRequestStatus)} w="fit-content" />
      {error && !connection ? (
        <QueryError error={error} onRetry={() => refetch()} />
      ) : loading && !connection ? (
        <ListSkeleton label="Loading decided requests" />
      ) : !connection || connection.edges.length === 0 ? (
        <Empty>No {STATUSES.find((entry) => entry.value === status)!.label.toLowerCase()} requests yet.</Empty>
      ) : (
        <>
          <RecordTable minWidth={720} caption={`${STATUSES.find((entry) => entry.value === status)!.label} requests, most recent decision first`} columns={['Applicant', 'Asked', 'Decided', 'By', status === 'DECLINED' && 'Reason']} highlightOnHover>
            {connection.edges.map(({ node }) => (
              <Table.Tr key={node.id}>
                <Table.Td>{node.member.displayName}</Table.Td>
                <Table.Td>
                  <DateTime value={node.createdAt} timeZone={zone} />
                </Table.Td>
                <Table.Td>{node.decidedAt ? <DateTime value={node.decidedAt} timeZone={zone} /> : '—'}</Table.Td>
                <Table.Td>{node.decidedBy?.displayName ?? (node.status === 'WITHDRAWN' ? 'The applicant' : '—')}</Table.Td>
                {status === 'DECLINED' && (
                  <Table.Td>
                    <Text size="sm">{node.declineReason}</Text>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </RecordTable>
          <LoadMore pageInfo={connection.pageInfo} fetchMore={(after) => fetchMore({ variables: { after } })} />
        </>
      )}
    </Stack>
  );
}

import { useMutation, useQuery } from '@apollo/client/react';
import { Button, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { graphql } from '../gql';
import type { CommunityHeader } from '../community/CommunityScreen';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { DateTime } from '../ui/DateTime';
import { roleLabel } from '../ui/labels';
import { LoadMore } from '../ui/LoadMore';
import { notifyError, notifySuccess } from '../ui/notify';
import { QueryError } from '../ui/QueryError';
import { Empty, ListSkeleton } from '../ui/States';
import { RecordTable } from '../ui/RecordTable';

const HISTORY = graphql(`
  query MembershipHistory($id: ID!, $after: String) {
    community(id: $id) {
      id
      membershipHistory(first: 20, after: $after) {
        edges {
          cursor
          node {
            id
            change
            role
            reason
            occurredAt
            member {
              id
              displayName
            }
            actor {
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

const UNBAN = graphql(`
  mutation UnbanMember($input: MemberInCommunityInput!) {
    unbanMember(input: $input) {
      membership {
        id
        status
      }
    }
  }
`);

const CHANGES: Record<string, string> = {
  JOINED: 'Joined',
  ROLE_CHANGED: 'Role changed',
  LEFT: 'Left',
  REMOVED: 'Removed',
  BANNED: 'Banned',
  UNBANNED: 'Ban lifted',
  JOIN_REQUEST_DECLINED: 'Request declined',
};

/** The community's membership record, newest first. A ban can be lifted from its entry. */
export function History({ community }: { community: CommunityHeader }) {
  const { data, error, loading, refetch, fetchMore } = useQuery(HISTORY, { variables: { id: community.id }, fetchPolicy: 'cache-and-network' });
  const [unban, { loading: unbanning }] = useMutation(UNBAN);
  const [lifting, setLifting] = useState<{ id: string; displayName: string } | null>(null);
  const connection = data?.community?.membershipHistory;
  const zone = community.network.timeZone;
  if (error && !connection) return <QueryError error={error} onRetry={() => refetch()} />;
  if (loading && !connection) return <ListSkeleton label="Loading membership history" />;
  if (!connection || connection.edges.length === 0) return <Empty>Nothing has happened here yet.</Empty>;
  return (
    <>
      <RecordTable minWidth={880} caption="Membership history, newest first" columns={['When', 'Member', 'What happened', 'By', 'Reason', community.viewerCan.coordinate && 'Actions']}>
        {connection.edges.map(({ node }) => (
          <Table.Tr key={`${node.change}-${node.id}`}>
            <Table.Td>
              <DateTime value={node.occurredAt} timeZone={zone} />
            </Table.Td>
            <Table.Td>{node.member.displayName}</Table.Td>
            <Table.Td>
              {CHANGES[node.change] ?? node.change}
              {node.role && (node.change === 'ROLE_CHANGED' || node.change === 'JOINED') ? ` (${roleLabel(node.role)})` : ''}
            </Table.Td>
            <Table.Td>{node.actor?.displayName ?? '—'}</Table.Td>
            <Table.Td>
              <Text size="sm">{node.reason ?? ''}</Text>
            </Table.Td>
            {community.viewerCan.coordinate && (
              <Table.Td>
                {node.change === 'BANNED' && (
                  <Button size="xs" variant="default" onClick={() => setLifting(node.member)} aria-label={`Lift ban for ${node.member.displayName}`}>
                    Lift ban
                  </Button>
                )}
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </RecordTable>
      <LoadMore pageInfo={connection.pageInfo} fetchMore={(after) => fetchMore({ variables: { after } })} />
      <ConfirmDialog
        opened={lifting !== null}
        title={lifting ? `Lift ${lifting.displayName}'s ban?` : 'Lift ban'}
        message="They can ask to join again. They are not a member until they rejoin."
        confirmLabel="Lift ban"
        danger={false}
        loading={unbanning}
        onClose={() => setLifting(null)}
        onConfirm={async () => {
          if (!lifting) return;
          try {
            await unban({ variables: { input: { communityId: community.id, memberId: lifting.id } } });
            notifySuccess(`Lifted ${lifting.displayName}'s ban.`);
            setLifting(null);
            await refetch();
          } catch (failure) {
            notifyError(failure);
          }
        }}
      />
    </>
  );
}

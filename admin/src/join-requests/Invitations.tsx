import { useMutation, useQuery } from '@apollo/client/react';
import { Badge, Button, Stack, Table, Title } from '@mantine/core';
import { useState } from 'react';
import { graphql } from '../gql';
import type { CommunityRole } from '../gql/graphql';
import type { CommunityHeader } from '../community/CommunityScreen';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { DateTime } from '../ui/DateTime';
import { roleLabel } from '../ui/labels';
import { LoadMore } from '../ui/LoadMore';
import { notifyError, notifySuccess } from '../ui/notify';
import { QueryError } from '../ui/QueryError';
import { Empty, ListSkeleton } from '../ui/States';
import { InviteForm } from './InviteForm';
import { RecordTable } from '../ui/RecordTable';

const INVITATIONS = graphql(`
  query CommunityInvitations($id: ID!, $after: String) {
    community(id: $id) {
      id
      invitations(first: 20, after: $after) {
        edges {
          cursor
          node {
            id
            email
            role
            status
            createdAt
            expiresAt
            acceptedAt
            invitedBy {
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

const INVITE = graphql(`
  mutation InviteToCommunity($input: InviteToCommunityInput!) {
    inviteToCommunity(input: $input) {
      invitation {
        id
        status
      }
    }
  }
`);

const REVOKE = graphql(`
  mutation RevokeInvitation($id: ID!) {
    revokeInvitation(input: { id: $id }) {
      invitation {
        id
        status
      }
    }
  }
`);

const STATUS_COLOURS: Record<string, string> = { PENDING: 'blue.8', ACCEPTED: 'green.9', REVOKED: 'gray.7', EXPIRED: 'orange.9' };
const STATUS_LABELS: Record<string, string> = { PENDING: 'Pending', ACCEPTED: 'Accepted', REVOKED: 'Revoked', EXPIRED: 'Expired' };

export function Invitations({ community }: { community: CommunityHeader }) {
  const { data, error, loading, refetch, fetchMore } = useQuery(INVITATIONS, { variables: { id: community.id } });
  const [invite] = useMutation(INVITE);
  const [revoke, { loading: revoking }] = useMutation(REVOKE);
  const [revokingOne, setRevokingOne] = useState<{ id: string; email: string } | null>(null);
  const connection = data?.community?.invitations;
  const zone = community.network.timeZone;
  return (
    <Stack>
      <Title order={2} size="h3">
        Invite someone
      </Title>
      <InviteForm
        onInvite={async ({ email, role }) => {
          await invite({ variables: { input: { communityId: community.id, email, role: role as CommunityRole } } });
          notifySuccess(`Invitation sent to ${email}.`);
          await refetch();
        }}
      />
      <Title order={2} size="h3" mt="md">
        Invitations sent
      </Title>
      {error && !connection ? (
        <QueryError error={error} onRetry={() => refetch()} />
      ) : loading && !connection ? (
        <ListSkeleton label="Loading invitations" />
      ) : !connection || connection.edges.length === 0 ? (
        <Empty>No invitations yet.</Empty>
      ) : (
        <>
          <RecordTable minWidth={640} caption="Invitations, newest first" columns={['Email', 'Role', 'Status', 'Sent', 'Expires', { label: 'Actions', hidden: true }]}>
            {connection.edges.map(({ node }) => (
              <Table.Tr key={node.id}>
                <Table.Td>{node.email}</Table.Td>
                <Table.Td>{roleLabel(node.role)}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOURS[node.status]} variant="filled">
                    {STATUS_LABELS[node.status] ?? node.status}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <DateTime value={node.createdAt} timeZone={zone} />
                  {node.invitedBy && ` by ${node.invitedBy.displayName}`}
                </Table.Td>
                <Table.Td>
                  <DateTime value={node.expiresAt} timeZone={zone} />
                </Table.Td>
                <Table.Td>
                  {node.status === 'PENDING' && (
                    <Button size="xs" variant="default" onClick={() => setRevokingOne({ id: node.id, email: node.email })} aria-label={`Revoke the invitation to ${node.email}`}>
                      Revoke
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </RecordTable>
          <LoadMore pageInfo={connection.pageInfo} fetchMore={(after) => fetchMore({ variables: { after } })} />
        </>
      )}
      <ConfirmDialog
        opened={revokingOne !== null}
        title="Revoke this invitation?"
        message={revokingOne ? `The link sent to ${revokingOne.email} will stop working. You can invite them again later.` : undefined}
        confirmLabel="Revoke invitation"
        loading={revoking}
        onClose={() => setRevokingOne(null)}
        onConfirm={async () => {
          if (!revokingOne) return;
          try {
            await revoke({ variables: { id: revokingOne.id } });
            notifySuccess(`Revoked the invitation to ${revokingOne.email}.`);
            setRevokingOne(null);
          } catch (failure) {
            notifyError(failure);
          }
        }}
      />
    </Stack>
  );
}

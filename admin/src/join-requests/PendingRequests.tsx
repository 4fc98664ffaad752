import { useMutation, useQuery } from '@apollo/client/react';
import { Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { getFragmentData, graphql } from '../gql';
import type { CommunityHeader } from '../community/CommunityScreen';
import { LoadMore } from '../ui/LoadMore';
import { notifyError, notifySuccess } from '../ui/notify';
import { QueryError } from '../ui/QueryError';
import { ReasonDialog } from '../ui/ReasonDialog';
import { Empty, ListSkeleton } from '../ui/States';
import { JoinRequestCard, PENDING_JOIN_REQUEST } from './JoinRequestCard';

const PENDING_REQUESTS = graphql(`
  query PendingJoinRequests($id: ID!, $networkId: ID!, $after: String) {
    community(id: $id) {
      id
      pendingJoinRequestCount
      joinRequests(status: PENDING, first: 20, after: $after) {
        edges {
          cursor
          node {
            id
            ...PendingJoinRequest
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

const APPROVE = graphql(`
  mutation ApproveJoinRequest($id: ID!) {
    approveJoinRequest(input: { id: $id }) {
      joinRequest {
        id
        status
        decidedAt
      }
    }
  }
`);

const DECLINE = graphql(`
  mutation DeclineJoinRequest($id: ID!, $reason: String!) {
    declineJoinRequest(input: { id: $id, reason: $reason }) {
      joinRequest {
        id
        status
        decidedAt
        declineReason
      }
    }
  }
`);

export function PendingRequests({ community }: { community: CommunityHeader }) {
  const { data, error, loading, refetch, fetchMore } = useQuery(PENDING_REQUESTS, { variables: { id: community.id, networkId: community.network.id } });
  const [approve] = useMutation(APPROVE);
  const [decline] = useMutation(DECLINE);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<Set<string>>(new Set());
  const [declining, setDeclining] = useState<{ id: string; name: string } | null>(null);
  const connection = data?.community?.joinRequests;

  if (error && !connection) return <QueryError error={error} onRetry={() => refetch()} />;
  if (loading && !connection) return <ListSkeleton label="Loading join requests" />;
  if (!connection) return <QueryError error={new Error('No join requests were returned.')} onRetry={() => refetch()} />;

  const requests = connection.edges.map(({ node }) => ({ id: node.id, name: getFragmentData(PENDING_JOIN_REQUEST, node).member.displayName, node }));
  const names = new Map(requests.map((request) => [request.id, request.name]));
  const mark = (ids: string[], on: boolean) =>
    setBusy((current) => {
      const next = new Set(current);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });

  // The graph approves one request at a time; several are sent together and each answer reported.
  const approveAll = async (ids: string[]) => {
    mark(ids, true);
    const results = await Promise.allSettled(ids.map((id) => approve({ variables: { id } })));
    mark(ids, false);
    const failed = results.flatMap((result, index) => (result.status === 'rejected' ? [{ id: ids[index]!, error: result.reason as unknown }] : []));
    const approved = ids.length - failed.length;
    if (approved > 0) notifySuccess(approved === 1 && ids.length === 1 ? `${names.get(ids[0]!) ?? 'The applicant'} is now a member.` : `Approved ${approved} of ${ids.length} requests.`);
    for (const failure of failed) notifyError(failure.error);
    setSelected((current) => new Set([...current].filter((id) => failed.some((failure) => failure.id === id))));
    await refetch();
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Text>
          {connection.edges.length === 0
            ? null
            : `${data?.community?.pendingJoinRequestCount ?? connection.edges.length} waiting for a decision, oldest first.`}
        </Text>
        {requests.length > 0 && (
          <Group>
            <Button variant="default" onClick={() => setSelected(selected.size === requests.length ? new Set() : new Set(requests.map((request) => request.id)))}>
              {selected.size === requests.length ? 'Clear selection' : 'Select all shown'}
            </Button>
            <Button disabled={selected.size === 0} onClick={() => void approveAll([...selected])}>
              Approve selected ({selected.size})
            </Button>
          </Group>
        )}
      </Group>
      {requests.length === 0 ? (
        <Empty>No one is waiting to join. New requests will appear here.</Empty>
      ) : (
        requests.map((request) => (
          <JoinRequestCard
            key={request.id}
            request={request.node}
            timeZone={community.network.timeZone}
            selected={selected.has(request.id)}
            busy={busy.has(request.id)}
            onSelect={(on) =>
              setSelected((current) => {
                const next = new Set(current);
                if (on) next.add(request.id);
                else next.delete(request.id);
                return next;
              })
            }
            onApprove={() => void approveAll([request.id])}
            onDecline={() => setDeclining({ id: request.id, name: request.name })}
          />
        ))
      )}
      <LoadMore pageInfo={connection.pageInfo} fetchMore={(after) => fetchMore({ variables: { after } })} />
      <ReasonDialog
        opened={declining !== null}
        title={declining ? `Decline ${declining.name}'s request?` : 'Decline request'}
        message="They will be told the request was declined, with your reason."
        reasonLabel="Reason for declining"
        reasonDescription="The applicant reads this. Up to 2,000 characters."
        confirmLabel="Decline request"
        onClose={() => setDeclining(null)}
        onSubmit={async (reason) => {
          if (!declining) return;
          await decline({ variables: { id: declining.id, reason } });
          notifySuccess(`Declined ${declining.name}'s request.`);
          await refetch();
        }}
      />
    </Stack>
  );
}

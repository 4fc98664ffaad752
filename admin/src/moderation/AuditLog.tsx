import { useQuery } from '@apollo/client/react';
import { Table, Text } from '@mantine/core';
import { graphql } from '../gql';
import { DateTime } from '../ui/DateTime';
import { LoadMore } from '../ui/LoadMore';
import { QueryError } from '../ui/QueryError';
import { Empty, ListSkeleton } from '../ui/States';
import { ACTION_LABELS } from './labels';
import { RestorePostButton } from './RestorePostButton';
import { RecordTable } from '../ui/RecordTable';

export const AUDIT_LOG = graphql(`
  query DiscussionAuditLog($id: ID!, $after: String) {
    community(id: $id) {
      id
      discussionAuditLog(first: 25, after: $after) {
        edges {
          cursor
          node {
            id
            action
            reason
            createdAt
            preModerationHeldPosts
            actor {
              id
              displayName
            }
            thread {
              id
              title
            }
            post {
              id
              status
              author {
                id
                displayName
              }
            }
            fromForum {
              id
              name
            }
            toForum {
              id
              name
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

/** Every moderation action here, newest first: who did what, to which thread, and why. */
export function AuditLog({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { data, error, loading, refetch, fetchMore } = useQuery(AUDIT_LOG, { variables: { id: communityId } });
  const log = data?.community?.discussionAuditLog;
  if (error && !log) return <QueryError error={error} onRetry={() => refetch()} />;
  if (loading && !log) return <ListSkeleton label="Loading the audit log" />;
  if (!log || log.edges.length === 0) return <Empty>No moderation actions yet.</Empty>;
  return (
    <>
      <RecordTable minWidth={720} caption="Moderation actions, newest first" columns={['When', 'Who', 'Action', 'Reason']} verticalSpacing="sm">
        {log.edges.map(({ node }) => (
          <Table.Tr key={node.id}>
            <Table.Td>
              <DateTime value={node.createdAt} timeZone={timeZone} />
            </Table.Td>
            <Table.Td>{node.actor.displayName}</Table.Td>
            <Table.Td>
              <Text size="sm" fw={600}>
                {ACTION_LABELS[node.action]}
              </Text>
              <Text size="sm" c="dimmed">
                {[
                  node.post ? `by ${node.post.author.displayName}` : null,
                  node.thread ? `in “${node.thread.title ?? 'Untitled thread'}”` : null,
                  node.fromForum && node.toForum ? `from ${node.fromForum.name} to ${node.toForum.name}` : null,
                  node.action === 'SET_PRE_MODERATION' ? (node.preModerationHeldPosts ? `holding ${node.preModerationHeldPosts} posts per member` : 'turned off') : null,
                ]
                  .filter(Boolean)
                  .join(' ')}
              </Text>
              {node.action === 'HIDE_POST' && node.post?.status === 'HIDDEN' && <RestorePostButton communityId={communityId} postId={node.post.id} author={node.post.author.displayName} />}
            </Table.Td>
            <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{node.reason}</Table.Td>
          </Table.Tr>
        ))}
      </RecordTable>
      <LoadMore pageInfo={log.pageInfo} fetchMore={(after) => fetchMore({ variables: { after } })} label="Older actions" />
    </>
  );
}

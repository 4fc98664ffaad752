import { useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Button, Divider, Group, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { graphql } from '../gql';
import type { NotificationKind } from '../gql/graphql';
import { LoadMore } from '../ui/LoadMore';
import { notifyError } from '../ui/notify';
import { QueryError } from '../ui/QueryError';
import { ListSkeleton } from '../ui/States';
import { applyRead } from './cache';
import { NotificationItem } from './NotificationItem';
import { SETTINGS_PATH } from './paths';

export const NOTIFICATION_LIST = graphql(`
  query NotificationList($after: String) {
    me {
      memberId
      notifications(first: 10, after: $after) {
        edges {
          cursor
          node {
            id
            kind
            read
            community {
              id
              viewerCan {
                coordinate
              }
            }
            ...NotificationItem
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
        unreadCount
      }
    }
  }
`);

export const MARK_NOTIFICATIONS_READ = graphql(`
  mutation MarkNotificationsRead($input: MarkNotificationsReadInput!) {
    markNotificationsRead(input: $input) {
      updated
      unreadCount
    }
  }
`);

/**
 * The admin screen a notification belongs to, when the app has one and the graph says the
 * viewer may use it: a waiting join request opens that community's join requests.
 */
export function destinationOf(item: { kind: NotificationKind; community?: { id: string; viewerCan: { coordinate: boolean } } | null }): string | null {
  if (item.kind === 'JOIN_REQUEST_PENDING' && item.community?.viewerCan.coordinate) return `/communities/${item.community.id}/join-requests`;
  return null;
}

/** The newest notifications, read or not, with "Mark all read" and "Load more"; shown in the header's menu. */
export function NotificationList({ headingId, onNavigate }: { headingId: string; onNavigate: () => void }) {
  // Opening the menu asks again, so what the bell counted is listed.
  const { data, loading, error, refetch, fetchMore } = useQuery(NOTIFICATION_LIST, { fetchPolicy: 'cache-and-network', errorPolicy: 'all' });
  const [mark, { loading: marking }] = useMutation(MARK_NOTIFICATIONS_READ);
  const navigate = useNavigate();
  const connection = data?.me?.notifications;
  const edges = connection?.edges ?? [];

  const markRead = (input: { ids: string[] } | { all: true }, ids: string[]) =>
    mark({
      variables: { input },
      update: (cache, { data: answer }) => {
        if (answer) applyRead(cache, ids, answer.markNotificationsRead.unreadCount, new Date().toISOString());
      },
    });

  const open = (node: (typeof edges)[number]['node']) => {
    const destination = destinationOf(node);
    if (!node.read) markRead({ ids: [node.id] }, [node.id]).catch(notifyError);
    if (destination) {
      onNavigate();
      void navigate(destination);
    }
  };

  const unread = connection?.unreadCount ?? 0;
  return (
    <Stack gap="xs">
      <Group justify="space-between" wrap="nowrap">
        <Title order={2} size="h4" id={headingId}>
          Notifications
        </Title>
        <Button
          size="xs"
          variant="subtle"
          disabled={unread === 0}
          loading={marking}
          onClick={() =>
            markRead(
              { all: true },
              edges.filter(({ node }) => !node.read).map(({ node }) => node.id),
            ).catch(notifyError)
          }
        >
          Mark all read
        </Button>
      </Group>
      {error && !connection ? (
        <QueryError error={error} onRetry={() => refetch()} />
      ) : loading && edges.length === 0 ? (
        <ListSkeleton rows={3} label="Loading notifications" />
      ) : edges.length === 0 ? (
        <Text size="sm" c="dimmed" py="md" ta="center">
          No notifications yet.
        </Text>
      ) : (
        <ScrollArea.Autosize mah={420} type="auto" offsetScrollbars>
          <Stack gap={2} component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-labelledby={headingId}>
            {edges.map(({ node }) => (
              <li key={node.id}>
                <NotificationItem notification={node} opens={destinationOf(node) !== null} onOpen={() => open(node)} />
              </li>
            ))}
          </Stack>
          <LoadMore pageInfo={connection?.pageInfo} fetchMore={(after) => fetchMore({ variables: { after } })} />
        </ScrollArea.Autosize>
      )}
      <Divider />
      <Anchor component={Link} to={SETTINGS_PATH} size="sm" onClick={onNavigate}>
        Notification settings
      </Anchor>
    </Stack>
  );
}

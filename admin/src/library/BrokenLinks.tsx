import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { graphql } from '../gql';
import { DateTime } from '../ui/DateTime';
import { LoadMore } from '../ui/LoadMore';
import { QueryError } from '../ui/QueryError';
import { Empty, ListSkeleton } from '../ui/States';

export const BROKEN_LINKS = graphql(`
  query BrokenResourceLinks($networkId: ID!, $communityId: ID, $after: String) {
    brokenResourceLinks(networkId: $networkId, communityId: $communityId, first: 20, after: $after) {
      edges {
        cursor
        node {
          id
          title
          url
          contributor {
            id
            displayName
          }
          community {
            id
            name
          }
          linkHealth {
            status
            httpStatus
            problem
            finalUrl
            checkedAt
          }
          linkedEvents {
            role
            event {
              id
              title
              startsAt
            }
          }
          discussion {
            id
            title
            replyCount
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const ROLE_LABELS = { SLIDES: 'slides', RECORDING: 'recording', HANDOUT: 'handout', OTHER: 'resource' } as const;

/** Resources whose link the last check found broken, with where each is used, so a curator can judge what to fix first. */
export function BrokenLinks({ networkId, communityId, timeZone }: { networkId: string; communityId: string; timeZone: string }) {
  const { data, error, loading, refetch, fetchMore } = useQuery(BROKEN_LINKS, { variables: { networkId, communityId } });
  const links = data?.brokenResourceLinks;
  if (error && !links) return <QueryError error={error} onRetry={() => refetch()} />;
  if (loading && !links) return <ListSkeleton label="Loading broken links" />;
  if (!links || links.edges.length === 0) return <Empty>No broken links: every checked link in this library worked.</Empty>;
  return (
    <>
      <Stack gap="md">
        {links.edges.map(({ node }) => {
          const health = node.linkHealth;
          const headingId = `broken-${node.id}`;
          const uses = [
            ...node.linkedEvents.map((link) => (
              <List.Item key={`event-${link.event.id}-${link.role}`}>
                As the {ROLE_LABELS[link.role]} of the event “{link.event.title}”, <DateTime value={link.event.startsAt} timeZone={timeZone} />
              </List.Item>
            )),
            ...(node.discussion
              ? [
                  <List.Item key="discussion">
                    In its discussion “{node.discussion.title ?? node.title}”, with {node.discussion.replyCount} repl{node.discussion.replyCount === 1 ? 'y' : 'ies'}
                  </List.Item>,
                ]
              : []),
          ];
          return (
            <Card key={node.id} withBorder padding="lg" component="article" aria-labelledby={headingId}>
              <Stack gap={4}>
                <Group justify="space-between">
                  <Title order={2} size="h5" id={headingId}>
                    {node.title}
                  </Title>
                  <Badge color="red.9">{health?.httpStatus ? `HTTP ${health.httpStatus}` : 'Broken'}</Badge>
                </Group>
                {node.url && (
                  <Anchor href={node.url} target="_blank" rel="noopener noreferrer" size="sm" style={{ wordBreak: 'break-all' }}>
                    {node.url}
                  </Anchor>
                )}
                {health?.problem && <Text size="sm">{health.problem}</Text>}
                {health?.finalUrl && health.finalUrl !== node.url && (
                  <Text size="sm" style={{ wordBreak: 'break-all' }}>
                    Ends at {health.finalUrl}
                  </Text>
                )}
                <Text size="sm" c="dimmed">
                  Shared by {node.contributor.displayName}
                  {node.community ? ` in ${node.community.name}` : ', network-wide'}
                  {health?.checkedAt && (
                    <>
                      {'; checked '}
                      <DateTime value={health.checkedAt} timeZone={timeZone} />
                    </>
                  )}
                </Text>
                <Text size="sm" fw={600} mt="xs">
                  Where it is used
                </Text>
                {uses.length > 0 ? (
                  <List size="sm" spacing={2}>
                    {uses}
                  </List>
                ) : (
                  <Text size="sm" c="dimmed">
                    Only in the library.
                  </Text>
                )}
              </Stack>
            </Card>
          );
        })}
      </Stack>
      <LoadMore pageInfo={links.pageInfo} fetchMore={(after) => fetchMore({ variables: { after } })} label="More broken links" />
    </>
  );
}

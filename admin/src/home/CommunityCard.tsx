import { Anchor, Badge, Card, Group, List, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { Link } from 'react-router';
import { graphql, getFragmentData, type FragmentType } from '../gql';
import { DateTime } from '../ui/DateTime';

export const COMMUNITY_CARD = graphql(`
  fragment CommunityCard on Community {
    id
    name
    network {
      id
      name
      timeZone
    }
    viewerCan {
      coordinate
      moderate
    }
    pendingJoinRequestCount
    discussionModerationQueueCount
    libraryCurationQueueCount
    brokenResourceLinkCount
    eventProposalCount
    upcomingEvents(first: 3) {
      edges {
        node {
          id
          title
          startsAt
        }
      }
    }
  }
`);

interface Queue {
  label: string;
  count: number | null | undefined;
  to?: string;
}

/** One community on the home screen: what waits for the viewer there, and what is coming up. */
export function CommunityCard(props: { community: FragmentType<typeof COMMUNITY_CARD> }) {
  const community = getFragmentData(COMMUNITY_CARD, props.community);
  const base = `/communities/${community.id}`;
  const zone = community.network.timeZone;
  // A null count means the viewer may not act on that queue here: it is left out, not shown as zero.
  const queues: Queue[] = [
    { label: 'Join requests', count: community.pendingJoinRequestCount, to: `${base}/join-requests` },
    { label: 'Moderation queue', count: community.discussionModerationQueueCount, to: `${base}/moderation` },
    { label: 'Curation queue', count: community.libraryCurationQueueCount, to: `${base}/library` },
    { label: 'Event proposals', count: community.eventProposalCount },
    { label: 'Broken links', count: community.brokenResourceLinkCount, to: `${base}/library/broken-links` },
  ].filter((queue) => queue.count !== null && queue.count !== undefined);
  const events = community.upcomingEvents?.edges ?? [];
  const headingId = `community-${community.id}`;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <div>
          <Title order={2} size="h3" id={headingId}>
            {community.viewerCan.coordinate ? (
              <Anchor component={Link} to={`${base}/members`} inherit>
                {community.name}
              </Anchor>
            ) : (
              community.name
            )}
          </Title>
          <Text size="sm" c="dimmed">
            {community.network.name}
          </Text>
        </div>
        {queues.length > 0 && (
          <div>
            <Title order={3} size="h5" mb={4}>
              Needs action
            </Title>
            <List listStyleType="none" spacing={4}>
              {queues.map((queue) => (
                <List.Item key={queue.label}>
                  <Group gap="xs">
                    <Badge color={queue.count ? 'orange.9' : 'gray'} variant={queue.count ? 'filled' : 'light'} aria-hidden>
                      {queue.count}
                    </Badge>
                    {queue.to ? (
                      <Anchor component={Link} to={queue.to} size="sm">
                        {queue.label}
                        <VisuallyHidden>: {queue.count} waiting</VisuallyHidden>
                      </Anchor>
                    ) : (
                      <Text size="sm">
                        {queue.label}
                        <VisuallyHidden>: {queue.count} waiting</VisuallyHidden>
                      </Text>
                    )}
                  </Group>
                </List.Item>
              ))}
            </List>
          </div>
        )}
        <div>
          <Title order={3} size="h5" mb={4}>
            Next events
          </Title>
          {events.length === 0 ? (
            <Text size="sm" c="dimmed">
              No upcoming events.
            </Text>
          ) : (
            <List spacing={4} size="sm">
              {events.map(({ node }) => (
                <List.Item key={node.id}>
                  {node.title}, <DateTime value={node.startsAt} timeZone={zone} />
                </List.Item>
              ))}
            </List>
          )}
        </div>
      </Stack>
    </Card>
  );
}

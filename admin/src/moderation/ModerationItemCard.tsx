import { Badge, Blockquote, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { getFragmentData, graphql, type FragmentType } from '../gql';
import { DateTime } from '../ui/DateTime';
import { POST_STATUS_LABELS } from './labels';
import { ModerationActions } from './ModerationActions';
import { PostBody } from './PostBody';

export const MODERATION_ITEM = graphql(`
  fragment ModerationItem on DiscussionModerationItem {
    pendingApproval
    openReportCount
    waitingSince
    post {
      id
      status
      bodyHtml
      createdAt
      isOpeningPost
      author {
        id
        displayName
      }
      replyTo {
        id
        bodyMarkdown
        author {
          id
          displayName
        }
      }
      thread {
        id
        title
        locked
        pinned
        replyCount
        viewerCanModerate
        forum {
          id
          name
        }
        openingPost {
          id
          bodyMarkdown
          author {
            id
            displayName
          }
        }
      }
    }
    reports(first: 20) {
      edges {
        node {
          id
          reason
          createdAt
          resolvedAt
          reporter {
            id
            displayName
          }
        }
      }
    }
  }
`);

function excerpt(text: string | null | undefined, length = 280): string {
  if (!text) return 'This text is not shown.';
  return text.length > length ? `${text.slice(0, length).trimEnd()}…` : text;
}

/** One held or reported post, shown where it sits in its thread, with the reports against it. */
export function ModerationItemCard(props: { item: FragmentType<typeof MODERATION_ITEM>; communityId: string; timeZone: string }) {
  const item = getFragmentData(MODERATION_ITEM, props.item);
  const { post } = item;
  const { thread } = post;
  const headingId = `queue-post-${post.id}`;
  const openReports = item.reports.edges.filter(({ node }) => !node.resolvedAt);
  const threadTitle = thread.title ?? 'Untitled thread';
  return (
    <Card withBorder padding="lg" component="article" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2} size="h4" id={headingId}>
              {post.isOpeningPost ? `Opening post of “${threadTitle}”` : `Reply in “${threadTitle}”`}
            </Title>
            <Text size="sm" c="dimmed">
              {thread.forum.name} · waiting since <DateTime value={item.waitingSince} timeZone={props.timeZone} />
            </Text>
          </div>
          <Group gap="xs">
            {item.pendingApproval && <Badge color="orange.9">Held for approval</Badge>}
            {item.openReportCount > 0 && (
              <Badge color="red.9">
                {item.openReportCount} open report{item.openReportCount === 1 ? '' : 's'}
              </Badge>
            )}
            {post.status !== 'PUBLISHED' && post.status !== 'PENDING_APPROVAL' && <Badge color="gray.7">{POST_STATUS_LABELS[post.status]}</Badge>}
            {thread.locked && <Badge color="gray.7">Thread locked</Badge>}
          </Group>
        </Group>

        {!post.isOpeningPost && (
          <div>
            <Text size="sm" fw={600}>
              The thread opens with {thread.openingPost.author.displayName}:
            </Text>
            <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
              {excerpt(thread.openingPost.bodyMarkdown)}
            </Text>
          </div>
        )}
        {post.replyTo && post.replyTo.id !== thread.openingPost.id && (
          <div>
            <Text size="sm" fw={600}>
              In reply to {post.replyTo.author.displayName}:
            </Text>
            <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
              {excerpt(post.replyTo.bodyMarkdown)}
            </Text>
          </div>
        )}
        <Blockquote color="blue" p="sm" cite={`— ${post.author.displayName}`}>
          <PostBody html={post.bodyHtml ?? null} />
          <Text size="xs" c="dimmed" mt={4}>
            Posted <DateTime value={post.createdAt} timeZone={props.timeZone} />
          </Text>
        </Blockquote>

        {openReports.length > 0 && (
          <div>
            <Title order={3} size="h5" mb={4}>
              Reports
            </Title>
            <List spacing={4} size="sm">
              {openReports.map(({ node }) => (
                <List.Item key={node.id}>
                  <Text span fw={600} size="sm">
                    {node.reporter?.displayName ?? 'A former member'}
                  </Text>
                  , <DateTime value={node.createdAt} timeZone={props.timeZone} />: {node.reason}
                </List.Item>
              ))}
            </List>
            {item.openReportCount > openReports.length && (
              <Text size="xs" c="dimmed" mt={4}>
                Showing {openReports.length} of {item.openReportCount} open reports. Every action here settles them all.
              </Text>
            )}
          </div>
        )}

        {thread.viewerCanModerate && (
          <ModerationActions
            communityId={props.communityId}
            post={{ id: post.id, status: post.status, author: post.author.displayName }}
            thread={{ id: thread.id, title: threadTitle, locked: thread.locked, forumId: thread.forum.id }}
            openReportCount={item.openReportCount}
          />
        )}
      </Stack>
    </Card>
  );
}

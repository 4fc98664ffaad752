import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { getFragmentData, graphql, type FragmentType } from '../gql';
import { DateTime } from '../ui/DateTime';
import { AUDIENCE_LABELS, KIND_LABELS } from './labels';

export const RESOURCE_SUMMARY = graphql(`
  fragment ResourceSummary on Resource {
    id
    title
    summary
    kind
    audience
    url
    createdAt
    file {
      fileName
    }
    contributor {
      id
      displayName
    }
    tags {
      id
      label
    }
  }
`);

/** What a curator needs to judge a resource: what it is, who shared it, and where it points. */
export function ResourceSummary(props: { resource: FragmentType<typeof RESOURCE_SUMMARY>; timeZone: string; headingId?: string }) {
  const resource = getFragmentData(RESOURCE_SUMMARY, props.resource);
  return (
    <Stack gap={4}>
      <Text fw={700} id={props.headingId}>
        {resource.title}
      </Text>
      <Group gap="xs">
        <Badge color="blue.9">
          {KIND_LABELS[resource.kind]}
        </Badge>
        <Badge color="gray.8">
          For {AUDIENCE_LABELS[resource.audience].toLowerCase()}
        </Badge>
        {resource.tags.map((tag) => (
          <Badge key={tag.id} variant="outline" color="gray.8">
            {tag.label}
          </Badge>
        ))}
      </Group>
      <Text size="sm" c="dimmed">
        Shared by {resource.contributor.displayName}, <DateTime value={resource.createdAt} timeZone={props.timeZone} />
      </Text>
      {resource.summary && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {resource.summary}
        </Text>
      )}
      {resource.url && (
        <Anchor href={resource.url} target="_blank" rel="noopener noreferrer" size="sm" style={{ wordBreak: 'break-all' }}>
          {resource.url}
        </Anchor>
      )}
      {resource.file && <Text size="sm">File: {resource.file.fileName}</Text>}
    </Stack>
  );
}

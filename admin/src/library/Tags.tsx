import type { ApolloCache } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { ActionIcon, Badge, Button, Card, Group, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { graphql } from '../gql';
import { fieldErrors, onlyFieldErrors } from '../ui/errors';
import { notifyError, notifySuccess } from '../ui/notify';
import { QueryError } from '../ui/QueryError';
import { Empty, ListSkeleton } from '../ui/States';

export const TAG_LABEL_MAX = 60;

export const LIBRARY_TAGS = graphql(`
  query LibraryTags($id: ID!) {
    community(id: $id) {
      id
      libraryTags(includeArchived: true) {
        id
        label
        position
        archived
      }
    }
  }
`);

const CREATE_TAG = graphql(`
  mutation CreateLibraryTag($input: CreateLibraryTagInput!) {
    createLibraryTag(input: $input) {
      tag {
        id
        label
        position
        archived
      }
    }
  }
`);

const UPDATE_TAG = graphql(`
  mutation UpdateLibraryTag($input: UpdateLibraryTagInput!) {
    updateLibraryTag(input: $input) {
      tag {
        id
        label
        position
        archived
      }
    }
  }
`);

export function validateTagLabel(value: string): string | null {
  const label = value.trim();
  if (!label) return 'Give the tag a label.';
  if (label.length > TAG_LABEL_MAX) return `Keep the label to ${TAG_LABEL_MAX} characters or fewer.`;
  return null;
}

/** Everything the tag list shows after a change is the server's: its order shifts other tags. */
function refreshTags(cache: ApolloCache, communityId: string) {
  cache.evict({ id: cache.identify({ __typename: 'Community', id: communityId }), fieldName: 'libraryTags' });
  cache.gc();
}

function TagLabelForm({ label, submitLabel, initial = '', onSubmit }: { label: string; submitLabel: string; initial?: string; onSubmit: (value: string) => Promise<unknown> }) {
  const form = useForm({ mode: 'controlled', initialValues: { label: initial }, validate: { label: validateTagLabel } });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        try {
          await onSubmit(values.label.trim());
          form.reset();
        } catch (error) {
          form.setErrors(fieldErrors(error));
          if (!onlyFieldErrors(error, ['label'])) notifyError(error);
        }
      })}
    >
      <Group align="flex-end">
        <TextInput label={label} withAsterisk data-autofocus {...form.getInputProps('label')} />
        <Button type="submit" loading={form.submitting}>
          {submitLabel}
        </Button>
      </Group>
    </form>
  );
}

/** The community's own tags, in order: add, rename, reorder, archive and restore. Coordinators only. */
export function Tags({ communityId }: { communityId: string }) {
  const { data, error, loading, refetch } = useQuery(LIBRARY_TAGS, { variables: { id: communityId } });
  const [create] = useMutation(CREATE_TAG);
  const [update] = useMutation(UPDATE_TAG);
  const [renaming, setRenaming] = useState<{ id: string; label: string } | null>(null);
  const tags = data?.community?.libraryTags;
  const change = (input: { id: string; label?: string; position?: number; archived?: boolean }, done: string) =>
    update({ variables: { input }, update: (cache) => refreshTags(cache, communityId) }).then(() => notifySuccess(done));
  return (
    <Stack>
      <Card withBorder padding="lg" component="section" aria-labelledby="new-tag-heading">
        <Title order={2} size="h4" id="new-tag-heading" mb="sm">
          New tag
        </Title>
        <TagLabelForm
          label="Tag label"
          submitLabel="Add tag"
          onSubmit={(label) => create({ variables: { input: { communityId, label } }, update: (cache) => refreshTags(cache, communityId) }).then(() => notifySuccess(`The tag “${label}” is added.`))}
        />
      </Card>
      <Title order={2} size="h4">
        Tags
      </Title>
      {error && !tags ? (
        <QueryError error={error} onRetry={() => refetch()} />
      ) : loading && !tags ? (
        <ListSkeleton rows={3} label="Loading tags" />
      ) : !tags || tags.length === 0 ? (
        <Empty>No tags yet. Members choose from these when they share a resource.</Empty>
      ) : (
        <Stack gap={4} component="ol" pl="md" m={0}>
          {tags.map((tag, index) => (
            <li key={tag.id}>
              <Group justify="space-between" wrap="nowrap">
                <Group gap="xs">
                  <Text size="sm">{tag.label}</Text>
                  {tag.archived && <Badge color="gray.7">Archived</Badge>}
                </Group>
                <Group gap={4} wrap="nowrap">
                  <ActionIcon variant="default" aria-label={`Move “${tag.label}” up`} disabled={index === 0} onClick={() => change({ id: tag.id, position: tags[index - 1]!.position }, `“${tag.label}” moved up.`).catch(notifyError)}>
                    ↑
                  </ActionIcon>
                  <ActionIcon
                    variant="default"
                    aria-label={`Move “${tag.label}” down`}
                    disabled={index === tags.length - 1}
                    onClick={() => change({ id: tag.id, position: tags[index + 1]!.position }, `“${tag.label}” moved down.`).catch(notifyError)}
                  >
                    ↓
                  </ActionIcon>
                  <Button size="compact-xs" variant="default" aria-label={`Rename “${tag.label}”`} onClick={() => setRenaming(tag)}>
                    Rename
                  </Button>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    aria-label={`${tag.archived ? 'Restore' : 'Archive'} “${tag.label}”`}
                    onClick={() => change({ id: tag.id, archived: !tag.archived }, tag.archived ? `“${tag.label}” can be chosen again.` : `“${tag.label}” is archived: it stays on resources but can't be chosen.`).catch(notifyError)}
                  >
                    {tag.archived ? 'Restore' : 'Archive'}
                  </Button>
                </Group>
              </Group>
            </li>
          ))}
        </Stack>
      )}
      {renaming && (
        <Modal opened title={`Rename “${renaming.label}”`} onClose={() => setRenaming(null)} centered>
          <TagLabelForm
            label="New label"
            submitLabel="Rename"
            initial={renaming.label}
            onSubmit={async (label) => {
              await change({ id: renaming.id, label }, `The tag is now “${label}”.`);
              setRenaming(null);
            }}
          />
        </Modal>
      )}
    </Stack>
  );
}

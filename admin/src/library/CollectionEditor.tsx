import { useMutation } from '@apollo/client/react';
import { ActionIcon, Button, Card, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { getFragmentData, graphql, type FragmentType } from '../gql';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { describeError, problemsOf } from '../ui/errors';
import { notifyError, notifySuccess } from '../ui/notify';
import { CollectionForm } from './CollectionForm';
import { ResourceSearch } from './ResourceSearch';

export const COLLECTION_MAX_ITEMS = 100;

export const COLLECTION_EDITOR = graphql(`
  fragment CollectionEditor on ResourceCollection {
    id
    title
    description
    itemCount
    items(first: 100) {
      edges {
        node {
          id
          title
        }
      }
    }
  }
`);

const SET_ITEMS = graphql(`
  mutation SetResourceCollectionItems($input: SetResourceCollectionItemsInput!) {
    setResourceCollectionItems(input: $input) {
      collection {
        id
        ...CollectionEditor
      }
    }
  }
`);

const DELETE_COLLECTION = graphql(`
  mutation DeleteResourceCollection($input: ResourceCollectionReferenceInput!) {
    deleteResourceCollection(input: $input) {
      collectionId
    }
  }
`);

interface Item {
  id: string;
  title: string;
}

/** Moves one item of a list by one place; the list is a new array, as React state wants. */
export function moveItem<T>(items: readonly T[], index: number, by: -1 | 1): T[] {
  const target = index + by;
  if (target < 0 || target >= items.length) return [...items];
  const next = [...items];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}

/** One collection: its items in order, changed here and saved together. Coordinators only. */
export function CollectionEditor(props: { communityId: string; collection: FragmentType<typeof COLLECTION_EDITOR> }) {
  const collection = getFragmentData(COLLECTION_EDITOR, props.collection);
  const saved: Item[] = collection.items.edges.map(({ node }) => ({ id: node.id, title: node.title }));
  const [items, setItems] = useState<Item[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [save, { loading: saving }] = useMutation(SET_ITEMS);
  const [remove, { loading: removing }] = useMutation(DELETE_COLLECTION);
  const current = items ?? saved;
  const changed = items !== null && items.map((item) => item.id).join() !== saved.map((item) => item.id).join();
  const headingId = `collection-${collection.id}`;
  const edit = (next: Item[]) => {
    setProblem(null);
    setItems(next);
  };
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={3} size="h4" id={headingId}>
            {collection.title}
          </Title>
          {collection.description && (
            <Text size="sm" c="dimmed">
              {collection.description}
            </Text>
          )}
        </div>
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={() => setRenaming(true)}>
            Rename
          </Button>
          <Button size="xs" color="red" variant="outline" onClick={() => setDeleting(true)}>
            Delete collection
          </Button>
        </Group>
      </Group>
      <Title order={4} size="h6" mt="md" mb={4}>
        Items, in order
      </Title>
      {current.length === 0 ? (
        <Text size="sm" c="dimmed">
          No items yet. Add published resources from the search below.
        </Text>
      ) : (
        <Stack gap={4} component="ol" pl="md" m={0}>
          {current.map((item, index) => (
            <li key={item.id}>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text size="sm">{item.title}</Text>
                <Group gap={4} wrap="nowrap" flex="none">
                  <ActionIcon variant="default" aria-label={`Move “${item.title}” up`} disabled={index === 0} onClick={() => edit(moveItem(current, index, -1))}>
                    ↑
                  </ActionIcon>
                  <ActionIcon variant="default" aria-label={`Move “${item.title}” down`} disabled={index === current.length - 1} onClick={() => edit(moveItem(current, index, 1))}>
                    ↓
                  </ActionIcon>
                  <Button size="compact-xs" variant="subtle" color="red" aria-label={`Take out “${item.title}”`} onClick={() => edit(current.filter((other) => other.id !== item.id))}>
                    Take out
                  </Button>
                </Group>
              </Group>
            </li>
          ))}
        </Stack>
      )}
      {problem && (
        <Text size="sm" c="red.8" role="alert" mt="xs">
          {problem}
        </Text>
      )}
      <Group mt="sm">
        <Button
          disabled={!changed}
          loading={saving}
          onClick={() => {
            save({ variables: { input: { collectionId: collection.id, resourceIds: current.map((item) => item.id) } } })
              .then(() => {
                setItems(null);
                notifySuccess(`“${collection.title}” is saved.`);
              })
              .catch((error: unknown) => {
                // A resource that is no longer publishable comes back as BAD_USER_INPUT on input.resourceIds.N.
                const field = problemsOf(error).find((entry) => entry.code === 'BAD_USER_INPUT' && entry.field?.startsWith('input.resourceIds'));
                if (field) {
                  const index = Number(field.field!.split('.').pop());
                  setProblem(`${current[index]?.title ?? 'An item'}: ${describeError(error)}`);
                } else notifyError(error);
              });
          }}
        >
          Save items
        </Button>
        {changed && (
          <Button variant="default" onClick={() => edit(saved)}>
            Undo changes
          </Button>
        )}
      </Group>
      <Stack mt="md">
        <ResourceSearch
          communityId={props.communityId}
          label={`Find resources to add to “${collection.title}”`}
          action={(resource) => {
            const inside = current.some((item) => item.id === resource.id);
            return (
              <Button
                size="compact-xs"
                variant="light"
                disabled={inside || current.length >= COLLECTION_MAX_ITEMS}
                aria-label={`${inside ? 'Added' : 'Add'} “${resource.title}”`}
                onClick={() => edit([...current, { id: resource.id, title: resource.title }])}
              >
                {inside ? 'Added' : 'Add'}
              </Button>
            );
          }}
        />
      </Stack>
      <Modal opened={renaming} onClose={() => setRenaming(false)} title={`Rename “${collection.title}”`} centered>
        <CollectionForm communityId={props.communityId} collection={collection} onDone={() => setRenaming(false)} />
      </Modal>
      <ConfirmDialog
        opened={deleting}
        title="Delete this collection?"
        message={`“${collection.title}” will be deleted. Its resources stay in the library. This can't be undone.`}
        confirmLabel="Delete collection"
        loading={removing}
        onClose={() => setDeleting(false)}
        onConfirm={() =>
          remove({
            variables: { input: { collectionId: collection.id } },
            update: (cache) => {
              cache.evict({ id: cache.identify({ __typename: 'ResourceCollection', id: collection.id }) });
              cache.gc();
            },
          })
            .then(() => {
              setDeleting(false);
              notifySuccess(`“${collection.title}” is deleted.`);
            })
            .catch(notifyError)
        }
      />
    </Card>
  );
}

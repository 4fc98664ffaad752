import { useMutation } from '@apollo/client/react';
import { Button, Group, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { graphql } from '../gql';
import { fieldErrors, onlyFieldErrors } from '../ui/errors';
import { notifyError, notifySuccess } from '../ui/notify';

export const COLLECTION_TITLE_MAX = 120;
export const COLLECTION_DESCRIPTION_MAX = 2000;

const CREATE_COLLECTION = graphql(`
  mutation CreateResourceCollection($input: CreateResourceCollectionInput!) {
    createResourceCollection(input: $input) {
      collection {
        id
        title
      }
    }
  }
`);

const UPDATE_COLLECTION = graphql(`
  mutation UpdateResourceCollection($input: UpdateResourceCollectionInput!) {
    updateResourceCollection(input: $input) {
      collection {
        id
        title
        description
      }
    }
  }
`);

export function validateCollection(values: { title: string; description: string }): Partial<Record<'title' | 'description', string>> {
  const errors: Partial<Record<'title' | 'description', string>> = {};
  const title = values.title.trim();
  if (!title) errors.title = 'Give the collection a title.';
  else if (title.length > COLLECTION_TITLE_MAX) errors.title = `Keep the title to ${COLLECTION_TITLE_MAX} characters or fewer.`;
  if (values.description.trim().length > COLLECTION_DESCRIPTION_MAX) errors.description = `Keep the description to ${COLLECTION_DESCRIPTION_MAX.toLocaleString('en-AU')} characters or fewer.`;
  return errors;
}

/**
 * Creates an empty collection, such as "Start here", whose items are chosen afterwards; or, given
 * a collection, renames it and changes its description.
 */
export function CollectionForm({ communityId, collection, onDone }: { communityId: string; collection?: { id: string; title: string; description?: string | null }; onDone?: () => void }) {
  const [create] = useMutation(CREATE_COLLECTION);
  const [update] = useMutation(UPDATE_COLLECTION);
  const form = useForm({ mode: 'controlled', initialValues: { title: collection?.title ?? '', description: collection?.description ?? '' }, validate: validateCollection });
  return (
    <form
      noValidate
      aria-label={collection ? `Change “${collection.title}”` : 'New collection'}
      onSubmit={form.onSubmit(async (values) => {
        const title = values.title.trim();
        const description = values.description.trim() || null;
        try {
          if (collection) {
            await update({ variables: { input: { id: collection.id, title, description } } });
            notifySuccess(`The collection is now “${title}”.`);
          } else {
            await create({
              variables: { input: { communityId, title, description } },
              update: (cache) => {
                cache.evict({ id: cache.identify({ __typename: 'Community', id: communityId }), fieldName: 'resourceCollections' });
                cache.gc();
              },
            });
            notifySuccess(`The collection “${title}” is created. Add its resources below.`);
            form.reset();
          }
          onDone?.();
        } catch (error) {
          form.setErrors(fieldErrors(error));
          if (!onlyFieldErrors(error, ['title', 'description'])) notifyError(error);
        }
      })}
    >
      <Stack gap="sm">
        <TextInput label="Title" withAsterisk data-autofocus {...form.getInputProps('title')} />
        <Textarea label="Description" description="Optional: what the collection is for." autosize minRows={2} maxRows={6} {...form.getInputProps('description')} />
        <Group>
          <Button type="submit" loading={form.submitting}>
            {collection ? 'Save changes' : 'Create collection'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

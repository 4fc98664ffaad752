import { useMutation, useQuery } from '@apollo/client/react';
import { Select, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { graphql } from '../gql';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { fieldErrors, onlyFieldErrors } from '../ui/errors';
import { notifyError, notifySuccess } from '../ui/notify';
import { validateReason } from '../ui/ReasonDialog';
import { forgetLog } from './cache';

const MOVE_FORUMS = graphql(`
  query MoveThreadForums($id: ID!) {
    community(id: $id) {
      id
      discussionForums(first: 100) {
        edges {
          node {
            id
            name
          }
        }
      }
    }
  }
`);

const MOVE_THREAD = graphql(`
  mutation MoveThread($input: MoveDiscussionThreadInput!) {
    moveDiscussionThread(input: $input) {
      thread {
        id
        forum {
          id
          name
        }
      }
    }
  }
`);

/** Moves a thread to another forum of the same community, with a reason for the audit log. */
export function MoveThreadDialog({ communityId, thread, onClose }: { communityId: string; thread: { id: string; title: string; forumId: string }; onClose: () => void }) {
  const { data, loading } = useQuery(MOVE_FORUMS, { variables: { id: communityId } });
  const [move, { loading: moving }] = useMutation(MOVE_THREAD);
  const form = useForm({
    mode: 'controlled',
    initialValues: { forumId: '', reason: '' },
    validate: { forumId: (value) => (value ? null : 'Choose a forum.'), reason: validateReason },
  });
  const forums = (data?.community?.discussionForums?.edges ?? []).map(({ node }) => ({ value: node.id, label: node.name })).filter((forum) => forum.value !== thread.forumId);
  return (
    <ConfirmDialog
      opened
      title="Move this thread?"
      message={`“${thread.title}” will move to the forum you choose.`}
      confirmLabel="Move thread"
      danger={false}
      loading={moving}
      onClose={onClose}
      onConfirm={async () => {
        if (form.validate().hasErrors) return;
        const values = form.getValues();
        try {
          await move({ variables: { input: { threadId: thread.id, forumId: values.forumId, reason: values.reason.trim() } }, update: (cache) => forgetLog(cache, communityId) });
          notifySuccess('The thread has moved.');
          onClose();
        } catch (error) {
          form.setErrors(fieldErrors(error));
          if (!onlyFieldErrors(error, ['forumId', 'reason'])) notifyError(error);
        }
      }}
    >
      <Select
        label="Move to forum"
        placeholder={loading ? 'Loading forums…' : 'Choose a forum'}
        data={forums}
        withAsterisk
        searchable
        nothingFoundMessage="No other forum"
        data-autofocus
        {...form.getInputProps('forumId')}
      />
      <Textarea label="Reason" description="Kept in the audit log for coordinators." withAsterisk autosize minRows={3} maxRows={8} {...form.getInputProps('reason')} />
    </ConfirmDialog>
  );
}

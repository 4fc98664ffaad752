import { useMutation } from '@apollo/client/react';
import { Button } from '@mantine/core';
import { useState } from 'react';
import { graphql } from '../gql';
import { notifySuccess } from '../ui/notify';
import { ReasonDialog } from '../ui/ReasonDialog';
import { forgetLog } from './cache';

const RESTORE_POST = graphql(`
  mutation RestorePost($input: ModerateDiscussionPostInput!) {
    moderateDiscussionPost(input: $input) {
      post {
        id
        status
        bodyMarkdown
      }
    }
  }
`);

/** A hidden post leaves the queue, so the audit log is where a coordinator can bring it back. */
export function RestorePostButton({ communityId, postId, author }: { communityId: string; postId: string; author: string }) {
  const [opened, setOpened] = useState(false);
  const [restore] = useMutation(RESTORE_POST);
  return (
    <>
      <Button size="compact-xs" variant="default" mt={4} aria-label={`Restore the post by ${author}`} onClick={() => setOpened(true)}>
        Restore
      </Button>
      <ReasonDialog
        opened={opened}
        title="Restore this post?"
        message={`Members will see ${author}'s post again.`}
        confirmLabel="Restore post"
        danger={false}
        reasonDescription="Kept in the audit log."
        onClose={() => setOpened(false)}
        onSubmit={async (reason) => {
          await restore({ variables: { input: { postId, action: 'RESTORE', reason } }, update: (cache) => forgetLog(cache, communityId) });
          notifySuccess('The post is restored.');
        }}
      />
    </>
  );
}

import { useMutation } from '@apollo/client/react';
import { Button, Group } from '@mantine/core';
import { useState } from 'react';
import { graphql } from '../gql';
import type { DiscussionPostModeration, DiscussionPostStatus } from '../gql/graphql';
import { notifySuccess } from '../ui/notify';
import { ReasonDialog } from '../ui/ReasonDialog';
import { forgetLog, settlePost } from './cache';
import { MoveThreadDialog } from './MoveThreadDialog';

const MODERATE_POST = graphql(`
  mutation ModeratePost($input: ModerateDiscussionPostInput!) {
    moderateDiscussionPost(input: $input) {
      post {
        id
        status
        bodyMarkdown
      }
    }
  }
`);

const DISMISS_REPORTS = graphql(`
  mutation DismissReports($input: DismissDiscussionReportsInput!) {
    dismissDiscussionReports(input: $input) {
      post {
        id
        status
      }
    }
  }
`);

const MODERATE_THREAD = graphql(`
  mutation ModerateThread($input: ModerateDiscussionThreadInput!) {
    moderateDiscussionThread(input: $input) {
      thread {
        id
        locked
        pinned
      }
    }
  }
`);

type Dialog = DiscussionPostModeration | 'DISMISS' | 'LOCK' | 'UNLOCK' | 'MOVE';

interface DialogText {
  title: string;
  message: string;
  confirm: string;
  danger: boolean;
  done: string;
}

function dialogText(dialog: Exclude<Dialog, 'MOVE'>, author: string, threadTitle: string): DialogText {
  switch (dialog) {
    case 'APPROVE':
      return { title: 'Approve this post?', message: `${author}'s post will be published in the thread.`, confirm: 'Approve', danger: false, done: 'The post is published.' };
    case 'HIDE':
      return { title: 'Hide this post?', message: `Members will no longer see the text of ${author}'s post. A moderator can restore it later. Its open reports are closed.`, confirm: 'Hide post', danger: true, done: 'The post is hidden.' };
    case 'RESTORE':
      return { title: 'Restore this post?', message: `Members will see ${author}'s post again.`, confirm: 'Restore post', danger: false, done: 'The post is restored.' };
    case 'DELETE':
      return { title: 'Remove this post?', message: `${author}'s post will be removed for good. This can't be undone.`, confirm: 'Remove post', danger: true, done: 'The post is removed.' };
    case 'DISMISS':
      return { title: 'Dismiss the reports?', message: 'The post stays as it is, and its open reports are closed.', confirm: 'Dismiss reports', danger: false, done: 'The reports are dismissed.' };
    case 'LOCK':
      return { title: 'Lock this thread?', message: `No one can reply to “${threadTitle}” until it is unlocked.`, confirm: 'Lock thread', danger: false, done: 'The thread is locked.' };
    case 'UNLOCK':
      return { title: 'Unlock this thread?', message: `Members can reply to “${threadTitle}” again.`, confirm: 'Unlock thread', danger: false, done: 'The thread is unlocked.' };
  }
}

/** What a moderator can do with a queued post and its thread. Every action records a reason in the audit log. */
export function ModerationActions({
  communityId,
  post,
  thread,
  openReportCount,
}: {
  communityId: string;
  post: { id: string; status: DiscussionPostStatus; author: string };
  thread: { id: string; title: string; locked: boolean; forumId: string };
  openReportCount: number;
}) {
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [moderatePost] = useMutation(MODERATE_POST);
  const [dismissReports] = useMutation(DISMISS_REPORTS);
  const [moderateThread] = useMutation(MODERATE_THREAD);
  const close = () => setDialog(null);

  async function run(action: Exclude<Dialog, 'MOVE'>, reason: string): Promise<void> {
    if (action === 'DISMISS') {
      await dismissReports({ variables: { input: { postId: post.id, reason } }, update: (cache) => settlePost(cache, communityId, post.id) });
    } else if (action === 'LOCK' || action === 'UNLOCK') {
      await moderateThread({ variables: { input: { threadId: thread.id, action, reason } }, update: (cache) => forgetLog(cache, communityId) });
    } else {
      await moderatePost({ variables: { input: { postId: post.id, action, reason } }, update: (cache) => settlePost(cache, communityId, post.id) });
    }
  }

  const text = dialog && dialog !== 'MOVE' ? dialogText(dialog, post.author, thread.title) : null;
  return (
    <>
      <Group gap="xs" role="group" aria-label="Moderation actions">
        {post.status === 'PENDING_APPROVAL' && <Button onClick={() => setDialog('APPROVE')}>Approve</Button>}
        {post.status === 'PUBLISHED' && (
          <Button color="red" variant="light" onClick={() => setDialog('HIDE')}>
            Hide
          </Button>
        )}
        {post.status === 'HIDDEN' && (
          <Button variant="default" onClick={() => setDialog('RESTORE')}>
            Restore
          </Button>
        )}
        {post.status !== 'DELETED' && (
          <Button color="red" variant="outline" onClick={() => setDialog('DELETE')}>
            Remove
          </Button>
        )}
        {openReportCount > 0 && (
          <Button variant="default" onClick={() => setDialog('DISMISS')}>
            Dismiss reports
          </Button>
        )}
        <Button variant="default" onClick={() => setDialog(thread.locked ? 'UNLOCK' : 'LOCK')}>
          {thread.locked ? 'Unlock thread' : 'Lock thread'}
        </Button>
        <Button variant="default" onClick={() => setDialog('MOVE')}>
          Move thread
        </Button>
      </Group>
      {text && dialog && dialog !== 'MOVE' && (
        <ReasonDialog
          opened
          title={text.title}
          message={text.message}
          confirmLabel={text.confirm}
          danger={text.danger}
          reasonDescription="Kept in the audit log for coordinators."
          onClose={close}
          onSubmit={async (reason) => {
            await run(dialog, reason);
            notifySuccess(text.done);
          }}
        />
      )}
      {dialog === 'MOVE' && <MoveThreadDialog communityId={communityId} thread={thread} onClose={close} />}
    </>
  );
}

import { expect, test } from '@playwright/test';
import { checkScreen, graph, newApplicant, signInAs, tokenFor } from './helpers';
import { readState } from './state';

const state = readState();
// The second test builds on what the first one made.
test.describe.configure({ mode: 'serial' });
// Made by e2e/stack.ts with the rest of the cast.
const MODERATOR_EMAIL = 'moderator@admin-e2e.example.org';
const moderationUrl = `${state.appUrl}communities/${state.community.id}/moderation`;

/** A forum and a thread by the coordinator, a reply by a newly approved member, and a report of that reply by another member: all through the graph. */
async function reportedReply(threadTitle: string, replyText: string, reportReason: string): Promise<{ postId: string }> {
  const coordinator = await tokenFor(state, state.coordinator.email);
  const { createDiscussionForum } = await graph<{ createDiscussionForum: { forum: { id: string } } }>(
    state,
    'mutation ($input: CreateDiscussionForumInput!) { createDiscussionForum(input: $input) { forum { id } } }',
    { input: { communityId: state.community.id, name: `Handover ${Date.now().toString(36)}` } },
    coordinator,
  );
  const { startDiscussionThread } = await graph<{ startDiscussionThread: { thread: { id: string } } }>(
    state,
    'mutation ($input: StartDiscussionThreadInput!) { startDiscussionThread(input: $input) { thread { id } } }',
    { input: { forumId: createDiscussionForum.forum.id, title: threadTitle, body: 'How do you hand over a patient on a syringe driver at the end of a shift?' } },
    coordinator,
  );
  const writer = await newApplicant(state, 'Quinn Quarrelsome', 'Community nurse', 'Here to share.');
  await graph(state, 'mutation ($input: JoinRequestReferenceInput!) { approveJoinRequest(input: $input) { joinRequest { id } } }', { input: { id: writer.requestId } }, coordinator);
  const { replyToDiscussionThread } = await graph<{ replyToDiscussionThread: { post: { id: string } } }>(
    state,
    'mutation ($input: ReplyToDiscussionThreadInput!) { replyToDiscussionThread(input: $input) { post { id } } }',
    { input: { threadId: startDiscussionThread.thread.id, body: replyText } },
    writer.token,
  );
  const postId = replyToDiscussionThread.post.id;
  const member = await tokenFor(state, state.plainMember.email);
  await graph(state, 'mutation ($input: ReportDiscussionContentInput!) { reportDiscussionContent(input: $input) { report { id } } }', { input: { postId, reason: reportReason } }, member);
  return { postId };
}

test('a post reported through the graph is hidden by the moderator in the app, and members no longer see its text', async ({ page }) => {
  const replyText = 'Honestly, anyone who follows that protocol is an idiot.';
  const { postId } = await reportedReply('Syringe driver handovers', replyText, 'A personal attack on colleagues.');

  await signInAs(page, state, MODERATOR_EMAIL);
  await expect(page.getByRole('heading', { name: 'Your communities' })).toBeVisible();
  await page.getByRole('link', { name: /^Moderation queue/ }).click();
  await expect(page.getByRole('heading', { name: 'Moderation', exact: true })).toBeVisible();
  const card = page.getByRole('article', { name: 'Reply in “Syringe driver handovers”' });
  await expect(card.getByText(replyText)).toBeVisible();
  await expect(card.getByText(/A personal attack on colleagues\./)).toBeVisible();
  // The thread's context: its opening post sits above the reply.
  await expect(card.getByText(/hand over a patient on a syringe driver/)).toBeVisible();
  // A moderator is not a coordinator: no audit log or pre-moderation here.
  await expect(page.getByRole('tab', { name: 'Audit log' })).toHaveCount(0);
  await checkScreen(page, 'moderation');

  await card.getByRole('button', { name: 'Hide' }).click();
  const dialog = page.getByRole('dialog', { name: 'Hide this post?' });
  await expect(dialog.getByRole('textbox', { name: 'Reason' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Hide post' }).click();
  await expect(dialog.getByText('Give a reason.')).toBeVisible();
  await checkScreen(page, 'moderation-hide-dialog');
  await dialog.getByRole('textbox', { name: 'Reason' }).fill('Personal attacks break the community guidelines.');
  await dialog.getByRole('button', { name: 'Hide post' }).click();
  await expect(page.getByText('The post is hidden.')).toBeVisible();
  await expect(card).toHaveCount(0);
  await expect(page.getByText('Nothing waits for a moderator.')).toBeVisible();

  const member = await tokenFor(state, state.plainMember.email);
  const { discussionPost } = await graph<{ discussionPost: { status: string; bodyMarkdown: string | null } | null }>(
    state,
    'query ($id: ID!) { discussionPost(id: $id) { status bodyMarkdown } }',
    { id: postId },
    member,
  );
  expect(discussionPost?.bodyMarkdown ?? null).toBeNull();
});

test('the coordinator reads the audit log and the pre-moderation switch', async ({ page }) => {
  await signInAs(page, state, state.coordinator.email);
  await expect(page.getByRole('heading', { name: 'Your communities' })).toBeVisible();
  await page.goto(moderationUrl);
  await page.getByRole('tab', { name: 'Audit log' }).click();
  const log = page.getByRole('table', { name: 'Moderation actions, newest first' });
  await expect(log.getByRole('row').filter({ hasText: 'Personal attacks break the community guidelines.' })).toContainText('Hid a post');
  await checkScreen(page, 'moderation-audit-log');
  // A hidden post has left the queue; the audit log is where a coordinator brings it back.
  await log.getByRole('button', { name: 'Restore the post by Quinn Quarrelsome' }).click();
  const dialog = page.getByRole('dialog', { name: 'Restore this post?' });
  await dialog.getByRole('textbox', { name: 'Reason' }).fill('Apology received; the author edited their tone.');
  await dialog.getByRole('button', { name: 'Restore post' }).click();
  await expect(page.getByText('The post is restored.')).toBeVisible();
  await expect(log.getByRole('row').filter({ hasText: 'Apology received' })).toContainText('Restored a post');
  await expect(log.getByRole('button', { name: /^Restore/ })).toHaveCount(0);

  await page.getByRole('tab', { name: 'Pre-moderation' }).click();
  await expect(page.getByRole('switch', { name: "Hold new members' first posts for approval" })).not.toBeChecked();
  await checkScreen(page, 'moderation-pre-moderation');
});

test('a plain member who opens the moderation or library screen sees that there is nothing to manage', async ({ page }) => {
  await signInAs(page, state, state.plainMember.email);
  await expect(page.getByRole('heading', { name: 'No admin rights here' })).toBeVisible();
  for (const screen of ['moderation', 'library']) {
    await page.goto(`${state.appUrl}communities/${state.community.id}/${screen}`);
    await expect(page.getByRole('heading', { name: 'No admin rights here' })).toBeVisible();
    await expect(page.getByRole('button', { name: /Hide|Approve|Reject/ })).toHaveCount(0);
  }
});

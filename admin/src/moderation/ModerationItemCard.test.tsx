import { MantineProvider } from '@mantine/core';
import { MockedProvider } from '@apollo/client/testing/react';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ModerationItemCard } from './ModerationItemCard';

const member = (id: string, displayName: string) => ({ __typename: 'Member', id, displayName });

function item({ status = 'PUBLISHED', pendingApproval = false, openReportCount = 1, viewerCanModerate = true, locked = false } = {}) {
  return {
    __typename: 'DiscussionModerationItem',
    pendingApproval,
    openReportCount,
    waitingSince: '2026-12-04T23:00:00.000Z',
    post: {
      __typename: 'DiscussionPost',
      id: 'p-2',
      status,
      bodyHtml: '<p>The reply under review.</p>',
      createdAt: '2026-12-04T22:00:00.000Z',
      isOpeningPost: false,
      author: member('m-2', 'Quinn Quarrelsome'),
      replyTo: null,
      thread: {
        __typename: 'DiscussionThread',
        id: 't-1',
        title: 'Syringe driver handovers',
        locked,
        pinned: false,
        replyCount: 1,
        viewerCanModerate,
        forum: { __typename: 'DiscussionForum', id: 'f-1', name: 'Handover' },
        openingPost: { __typename: 'DiscussionPost', id: 'p-1', bodyMarkdown: 'How do you hand over?', author: member('m-1', 'Casey Coordinator') },
      },
    },
    reports: {
      __typename: 'DiscussionReportConnection',
      edges: Array.from({ length: Math.min(openReportCount, 1) }, () => ({
        __typename: 'DiscussionReportEdge',
        node: { __typename: 'DiscussionReport', id: 'r-1', reason: 'A personal attack.', createdAt: '2026-12-04T23:00:00.000Z', resolvedAt: null, reporter: member('m-3', 'Pat Plain-Member') },
      })),
    },
  } as unknown as Parameters<typeof ModerationItemCard>[0]['item'];
}

function renderItem(props: Parameters<typeof item>[0]) {
  render(
    <MantineProvider env="test">
      <MockedProvider>
        <ModerationItemCard item={item(props)} communityId="c-1" timeZone="Australia/Perth" />
      </MockedProvider>
    </MantineProvider>,
  );
  return screen.getByRole('article', { name: 'Reply in “Syringe driver handovers”' });
}

const buttons = (card: HTMLElement) => within(card).queryAllByRole('button').map((button) => button.textContent);

describe('a queued post', () => {
  it('shows the post in its thread, the report and its reason, in the network’s zone', () => {
    const card = renderItem({});
    expect(within(card).getByText('How do you hand over?')).toBeInTheDocument();
    expect(within(card).getByText('The reply under review.')).toBeInTheDocument();
    expect(within(card).getByText(/A personal attack\./)).toBeInTheDocument();
    expect(within(card).getByText('5 Dec 2026, 6:00 am AWST')).toHaveAttribute('dateTime', '2026-12-04T22:00:00.000Z');
  });

  it('a reported published post can be hidden, removed or its reports dismissed', () => {
    expect(buttons(renderItem({}))).toEqual(['Hide', 'Remove', 'Dismiss reports', 'Lock thread', 'Move thread']);
  });

  it('a held post can be approved or removed, not hidden', () => {
    expect(buttons(renderItem({ status: 'PENDING_APPROVAL', pendingApproval: true, openReportCount: 0, locked: true }))).toEqual(['Approve', 'Remove', 'Unlock thread', 'Move thread']);
  });

  it('shows no action when the graph says the viewer may not moderate the thread', () => {
    expect(buttons(renderItem({ viewerCanModerate: false }))).toEqual([]);
  });
});

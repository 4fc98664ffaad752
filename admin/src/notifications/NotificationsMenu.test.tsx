import { MantineProvider } from '@mantine/core';
import { MockedProvider } from '@apollo/client/testing/react';
import type { MockLink } from '@apollo/client/testing';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MarkNotificationsReadDocument, NotificationBellDocument, NotificationListDocument } from '../gql/graphql';
import { createCache } from '../graphql/client';
import { destinationOf } from './NotificationList';
import { BELL_POLL_MS, NotificationsMenu } from './NotificationsMenu';

Object.defineProperty(document, 'fonts', { configurable: true, value: document.fonts ?? { addEventListener() {}, removeEventListener() {} } });

const network = { __typename: 'Network', id: 'n-1', timeZone: 'Australia/Perth' };
const coordinated = { __typename: 'Community', id: 'c-1', name: 'Palliative Care Practice', network, viewerCan: { __typename: 'CommunityPermissions', coordinate: true } };
const merelyMember = { __typename: 'Community', id: 'c-2', name: 'Carers Circle', network, viewerCan: { __typename: 'CommunityPermissions', coordinate: false } };

function notification(id: string, kind: string, text: string, read: boolean, community: object | null) {
  return { __typename: 'Notification', id, kind, text, read, occurredAt: '2026-12-04T23:15:00.000Z', community };
}

const joinRequest = notification('n-join', 'JOIN_REQUEST_PENDING', 'Riley Registrar asked to join Palliative Care Practice.', false, coordinated);
const reply = notification('n-reply', 'THREAD_REPLY', 'Alex Chen replied in “Managing breathlessness”.', false, merelyMember);
const older = notification('n-old', 'EVENT_REMINDER', 'Journal club starts in 1 hour.', true, null);

const bell = (unreadCount: number): MockLink.MockedResponse => ({
  request: { query: NotificationBellDocument },
  result: { data: { me: { __typename: 'Viewer', memberId: 'm-1', notifications: { __typename: 'NotificationConnection', unreadCount } } } },
});

const page = (after: string | null, nodes: object[], hasNextPage: boolean, unreadCount: number): MockLink.MockedResponse => ({
  request: { query: NotificationListDocument, variables: after ? { after } : {} },
  result: {
    data: {
      me: {
        __typename: 'Viewer',
        memberId: 'm-1',
        notifications: {
          __typename: 'NotificationConnection',
          unreadCount,
          edges: nodes.map((node, index) => ({ __typename: 'NotificationEdge', cursor: `${after ?? 'p1'}-${index}`, node })),
          pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor: nodes.length ? `${after ?? 'p1'}-${nodes.length - 1}` : null },
        },
      },
    },
  },
});

const markRead = (input: object, unreadCount: number, updated = 1): MockLink.MockedResponse => ({
  request: { query: MarkNotificationsReadDocument, variables: { input } },
  result: { data: { markNotificationsRead: { __typename: 'MarkNotificationsReadPayload', updated, unreadCount } } },
});

function renderMenu(mocks: MockLink.MockedResponse[]) {
  const router = createMemoryRouter(
    [
      { path: '/', element: <NotificationsMenu /> },
      { path: '/communities/:communityId/join-requests', element: <h1>Join requests screen</h1> },
      { path: '/settings/notifications', element: <h1>Settings screen</h1> },
    ],
    { initialEntries: ['/'] },
  );
  render(
    <MantineProvider env="test">
      <MockedProvider mocks={mocks} cache={createCache()}>
        <RouterProvider router={router} />
      </MockedProvider>
    </MantineProvider>,
  );
  return router;
}

async function openMenu() {
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: 'Notifications, 2 unread' }));
  const dialog = await screen.findByRole('dialog', { name: 'Notifications' });
  await within(dialog).findByText('Riley Registrar asked to join Palliative Care Practice.');
  return { user, dialog };
}

describe('the notifications bell', () => {
  it('shows the unread count, and lists the newest with kind, community, time and read state', async () => {
    renderMenu([bell(2), page(null, [joinRequest, reply, older], false, 2)]);
    const { dialog } = await openMenu();
    const items = within(dialog).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[0]).toHaveTextContent('Unread: Join requests · Palliative Care Practice');
    expect(items[0]).toHaveTextContent('5 Dec 2026, 7:15 am AWST');
    expect(items[1]).toHaveTextContent('Unread: Replies · Carers Circle');
    // A read notification that leads nowhere is not a button.
    expect(within(items[2]!).queryByRole('button')).toBeNull();
    expect(items[2]).not.toHaveTextContent('Unread');
    expect(within(dialog).queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('a waiting join request is marked read and opens that community’s join requests', async () => {
    const router = renderMenu([bell(2), page(null, [joinRequest, reply], false, 2), markRead({ ids: ['n-join'] }, 1)]);
    const { user, dialog } = await openMenu();
    await user.click(within(dialog).getByRole('button', { name: /Riley Registrar asked to join/ }));
    expect(await screen.findByRole('heading', { name: 'Join requests screen' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/communities/c-1/join-requests');
  });

  it('another kind is only marked read, and the count falls', async () => {
    renderMenu([bell(2), page(null, [joinRequest, reply], false, 2), markRead({ ids: ['n-reply'] }, 1)]);
    const { user, dialog } = await openMenu();
    await user.click(within(dialog).getByRole('button', { name: /Alex Chen replied/ }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Notifications, 1 unread' })).toBeInTheDocument());
    const items = within(dialog).getAllByRole('listitem');
    expect(items[1]).not.toHaveTextContent('Unread');
    expect(within(items[1]!).queryByRole('button')).toBeNull();
    // Focus stays on the item, now text, instead of falling out of the menu.
    expect(items[1]!.firstElementChild).toHaveFocus();
    expect(screen.getByRole('dialog', { name: 'Notifications' })).toBeInTheDocument();
  });

  it('a join request in a community the graph says the viewer no longer coordinates opens nothing', () => {
    expect(destinationOf({ kind: 'JOIN_REQUEST_PENDING', community: { id: 'c-1', viewerCan: { coordinate: true } } })).toBe('/communities/c-1/join-requests');
    expect(destinationOf({ kind: 'JOIN_REQUEST_PENDING', community: { id: 'c-1', viewerCan: { coordinate: false } } })).toBeNull();
    expect(destinationOf({ kind: 'JOIN_REQUEST_PENDING', community: null })).toBeNull();
    expect(destinationOf({ kind: 'MENTION', community: { id: 'c-1', viewerCan: { coordinate: true } } })).toBeNull();
  });

  it('"Mark all read" marks every one read and clears the count', async () => {
    renderMenu([bell(2), page(null, [joinRequest, reply], false, 2), markRead({ all: true }, 0, 2)]);
    const { user, dialog } = await openMenu();
    await user.click(within(dialog).getByRole('button', { name: 'Mark all read' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Notifications' })).toBeInTheDocument());
    expect(within(dialog).queryByText(/Unread/)).toBeNull();
    expect(within(dialog).getByRole('button', { name: 'Mark all read' })).toBeDisabled();
  });

  it('"Load more" adds the next page after the last cursor', async () => {
    renderMenu([bell(2), page(null, [joinRequest, reply], true, 2), page('p1-1', [older], false, 2)]);
    const { user, dialog } = await openMenu();
    await user.click(within(dialog).getByRole('button', { name: 'Load more' }));
    expect(await within(dialog).findByText('Journal club starts in 1 hour.')).toBeInTheDocument();
    expect(within(dialog).getAllByRole('listitem')).toHaveLength(3);
    expect(within(dialog).queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('links to the notification settings', async () => {
    const router = renderMenu([bell(2), page(null, [joinRequest, reply], false, 2)]);
    const { user, dialog } = await openMenu();
    await user.click(within(dialog).getByRole('link', { name: 'Notification settings' }));
    expect(await screen.findByRole('heading', { name: 'Settings screen' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/settings/notifications');
  });
});

describe('asking for the count gently', () => {
  let visibility: DocumentVisibilityState = 'visible';
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
  afterEach(() => {
    visibility = 'visible';
    vi.useRealTimers();
  });

  it('asks every minute while the tab is visible, not while it is hidden, and at once when it is shown again', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    renderMenu([bell(2), bell(3), bell(4)]);
    expect(await screen.findByRole('button', { name: 'Notifications, 2 unread' })).toBeInTheDocument();

    visibility = 'hidden';
    await act(() => vi.advanceTimersByTimeAsync(BELL_POLL_MS * 3));
    expect(screen.getByRole('button', { name: 'Notifications, 2 unread' })).toBeInTheDocument();

    visibility = 'visible';
    act(() => void document.dispatchEvent(new Event('visibilitychange')));
    expect(await screen.findByRole('button', { name: 'Notifications, 3 unread' })).toBeInTheDocument();

    await act(() => vi.advanceTimersByTimeAsync(BELL_POLL_MS));
    expect(await screen.findByRole('button', { name: 'Notifications, 4 unread' })).toBeInTheDocument();
  });
});

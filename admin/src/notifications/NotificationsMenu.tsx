import { useQuery } from '@apollo/client/react';
import { ActionIcon, Indicator } from '@mantine/core';
import { lazy, Suspense, useEffect, useState, type ReactElement } from 'react';
import { graphql } from '../gql';

export const NOTIFICATION_BELL = graphql(`
  query NotificationBell {
    me {
      memberId
      notifications(first: 0) {
        unreadCount
      }
    }
  }
`);

/** How often the bell asks for the unread count while the tab is visible. */
export const BELL_POLL_MS = 60_000;

const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';

function BellIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden focusable="false">
      <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
      <path d="M13.73 21a2 2 0 0 1-3.46 0" />
    </svg>
  );
}

export function bellLabel(unread: number | undefined): string {
  return unread ? `Notifications, ${unread} unread` : 'Notifications';
}

const NotificationsPopover = lazy(() => import('./NotificationsPopover'));

/**
 * The header's bell: the unread count, asked gently (every minute, never while the tab is hidden,
 * and at once when it is shown again), and a menu of the newest notifications whose code loads
 * once the page is up, outside what sign-in and home need.
 */
export function NotificationsMenu() {
  const [opened, setOpened] = useState(false);
  const [menuWanted, setMenuWanted] = useState(false);
  // Without the notifications part of the graph the bell shows no count rather than an error.
  const { data, refetch } = useQuery(NOTIFICATION_BELL, { pollInterval: BELL_POLL_MS, skipPollAttempt: hidden, errorPolicy: 'all' });
  useEffect(() => {
    const onVisible = () => {
      if (!hidden()) refetch().catch(() => {});
    };
    document.addEventListener('visibilitychange', onVisible);
    // After the page's own requests have started, so the menu's code never delays them.
    const timer = setTimeout(() => setMenuWanted(true), 0);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      clearTimeout(timer);
    };
  }, [refetch]);
  const unread = data?.me?.notifications?.unreadCount;
  const bell = (
    <ActionIcon
      variant="subtle"
      color="gray.8"
      size="lg"
      aria-label={bellLabel(unread)}
      onClick={() => {
        setMenuWanted(true);
        setOpened((open) => !open);
      }}
    >
      <BellIcon />
    </ActionIcon>
  );
  const withCount = (target: ReactElement) => (
    <Indicator label={<span aria-hidden>{unread && unread > 99 ? '99+' : unread}</span>} size={18} color="red.9" disabled={!unread} offset={4}>
      {target}
    </Indicator>
  );
  if (!menuWanted) return withCount(bell);
  return (
    <Suspense fallback={withCount(bell)}>
      <NotificationsPopover opened={opened} onChange={setOpened} bell={bell} withCount={withCount} />
    </Suspense>
  );
}

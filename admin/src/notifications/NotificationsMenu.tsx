import { useQuery } from '@apollo/client/react';
import { ActionIcon, Indicator, Popover } from '@mantine/core';
import { useId } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { graphql } from '../gql';
import { NotificationList } from './NotificationList';

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

/**
 * The header's bell: the unread count, asked gently (every minute, never while the tab is hidden,
 * and at once when it is shown again), and a menu of the newest notifications.
 */
export function NotificationsMenu() {
  const [opened, setOpened] = useState(false);
  const headingId = useId();
  // Without the notifications part of the graph the bell shows no count rather than an error.
  const { data, refetch } = useQuery(NOTIFICATION_BELL, { pollInterval: BELL_POLL_MS, skipPollAttempt: hidden, errorPolicy: 'all' });
  useEffect(() => {
    const onVisible = () => {
      if (!hidden()) refetch().catch(() => {});
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [refetch]);
  const unread = data?.me?.notifications?.unreadCount;
  return (
    <Popover opened={opened} onChange={setOpened} width={400} position="bottom-end" shadow="md" trapFocus returnFocus>
      <Indicator label={<span aria-hidden>{unread && unread > 99 ? '99+' : unread}</span>} size={18} color="red.9" disabled={!unread} offset={4}>
        <Popover.Target>
          <ActionIcon variant="subtle" color="gray.8" size="lg" aria-label={bellLabel(unread)} onClick={() => setOpened((open) => !open)}>
            <BellIcon />
          </ActionIcon>
        </Popover.Target>
      </Indicator>
      <Popover.Dropdown aria-labelledby={headingId} p="sm">
        <NotificationList headingId={headingId} onNavigate={() => setOpened(false)} />
      </Popover.Dropdown>
    </Popover>
  );
}

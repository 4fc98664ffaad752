import { Box, Group, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { graphql, getFragmentData, type FragmentType } from '../gql';
import { DateTime } from '../ui/DateTime';
import { kindLabel } from './labels';
import classes from './Notifications.module.css';

export const NOTIFICATION_ITEM = graphql(`
  fragment NotificationItem on Notification {
    id
    kind
    text
    occurredAt
    read
    community {
      id
      name
      network {
        id
        timeZone
      }
    }
  }
`);

// A notification from no community (a resource shared network-wide) has no network's zone: the browser's then.
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * One notification: its kind, its sentence, when, and whether it is read. It is a button when a
 * click does something (marks it read, or opens where it belongs); otherwise plain text.
 */
export function NotificationItem(props: { notification: FragmentType<typeof NOTIFICATION_ITEM>; opens: boolean; onOpen: () => void }) {
  const item = getFragmentData(NOTIFICATION_ITEM, props.notification);
  const content = (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <Box className={item.read ? classes.readDot : classes.unreadDot} aria-hidden mt={6} />
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Text size="xs" c="dimmed" fw={600}>
          {!item.read && <VisuallyHidden>Unread: </VisuallyHidden>}
          {kindLabel(item.kind)}
          {item.community && ` · ${item.community.name}`}
        </Text>
        <Text size="sm" fw={item.read ? 400 : 600}>
          {item.text}
        </Text>
        <Text size="xs" c="dimmed">
          <DateTime value={item.occurredAt} timeZone={item.community?.network.timeZone ?? browserZone()} />
        </Text>
      </Stack>
    </Group>
  );
  const plain = item.read && !props.opens;
  const plainRef = useRef<HTMLDivElement>(null);
  const clicked = useRef(false);
  // Marked read, the button becomes text: keep focus on it rather than dropping it to the page.
  useEffect(() => {
    if (plain && clicked.current) plainRef.current?.focus();
    clicked.current = false;
  }, [plain]);
  if (plain) {
    return (
      <Box className={classes.item} ref={plainRef} tabIndex={-1}>
        {content}
      </Box>
    );
  }
  return (
    <UnstyledButton
      className={classes.item}
      onClick={() => {
        clicked.current = true;
        props.onOpen();
      }}
      w="100%"
    >
      {content}
    </UnstyledButton>
  );
}

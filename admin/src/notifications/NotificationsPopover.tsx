import { Popover } from '@mantine/core';
import { useId } from '@mantine/hooks';
import type { ReactElement } from 'react';
import { NotificationList } from './NotificationList';

/**
 * The bell's menu: the popover and the list, in a chunk of their own (NotificationsMenu loads it
 * once the page is up), so the code for sign-in and home does not grow by them.
 */
export default function NotificationsPopover({
  opened,
  onChange,
  bell,
  withCount,
}: {
  opened: boolean;
  onChange: (opened: boolean) => void;
  bell: ReactElement;
  withCount: (target: ReactElement) => ReactElement;
}) {
  const headingId = useId();
  return (
    // No wider than a phone's screen, less a margin each side (Mantine's rem() passes calc() through).
    <Popover opened={opened} onChange={onChange} width="calc(min(25rem, 100vw - 1rem))" position="bottom-end" shadow="md" trapFocus returnFocus>
      {withCount(<Popover.Target>{bell}</Popover.Target>)}
      <Popover.Dropdown aria-labelledby={headingId} p="sm">
        <NotificationList headingId={headingId} onNavigate={() => onChange(false)} />
      </Popover.Dropdown>
    </Popover>
  );
}

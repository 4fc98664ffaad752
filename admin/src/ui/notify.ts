import { notifications } from '@mantine/notifications';
import { describeError } from './errors';

export function notifySuccess(message: string): void {
  notifications.show({ color: 'green', title: 'Done', message, closeButtonProps: { 'aria-label': 'Dismiss' } });
}

export function notifyError(error: unknown): void {
  notifications.show({ color: 'red', title: "That didn't work", message: describeError(error), autoClose: 10_000, closeButtonProps: { 'aria-label': 'Dismiss' } });
}

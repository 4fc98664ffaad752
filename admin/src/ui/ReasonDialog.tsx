import { Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { ConfirmDialog } from './ConfirmDialog';
import { fieldErrors, onlyFieldErrors } from './errors';
import { notifyError } from './notify';

export const REASON_MAX = 2000;

export function validateReason(value: string): string | null {
  const trimmed = value.trim();
  if (!trimmed) return 'Give a reason.';
  if (trimmed.length > REASON_MAX) return `Keep the reason to ${REASON_MAX.toLocaleString('en-AU')} characters or fewer.`;
  return null;
}

/**
 * A confirmation that needs a reason the other person will read (decline, remove, ban, reject).
 * The server's word on the reason appears under the field; anything else as a notification.
 */
export function ReasonDialog({
  opened,
  title,
  message,
  confirmLabel,
  reasonLabel = 'Reason',
  reasonDescription,
  danger = true,
  onSubmit,
  onClose,
}: {
  opened: boolean;
  title: string;
  message?: React.ReactNode;
  confirmLabel: string;
  reasonLabel?: string;
  reasonDescription?: string;
  danger?: boolean;
  onSubmit: (reason: string) => Promise<unknown>;
  onClose: () => void;
}) {
  const form = useForm({ mode: 'controlled', initialValues: { reason: '' }, validate: { reason: validateReason } });
  const [busy, setBusy] = useState(false);
  const close = () => {
    form.reset();
    onClose();
  };
  return (
    <ConfirmDialog
      opened={opened}
      title={title}
      message={message}
      confirmLabel={confirmLabel}
      danger={danger}
      loading={busy}
      onClose={close}
      onConfirm={async () => {
        if (form.validate().hasErrors) return;
        setBusy(true);
        try {
          await onSubmit(form.getValues().reason.trim());
          close();
        } catch (error) {
          form.setErrors(fieldErrors(error));
          if (!onlyFieldErrors(error, ['reason'])) notifyError(error);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Textarea label={reasonLabel} description={reasonDescription} withAsterisk autosize minRows={3} maxRows={8} data-autofocus {...form.getInputProps('reason')} />
    </ConfirmDialog>
  );
}

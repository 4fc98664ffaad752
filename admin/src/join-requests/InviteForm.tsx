import { Button, Group, Select, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { fieldErrors, onlyFieldErrors } from '../ui/errors';
import { ROLE_OPTIONS } from '../ui/labels';
import { notifyError } from '../ui/notify';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface InviteValues {
  email: string;
  role: string;
}

export function validateInvite(values: InviteValues): Partial<Record<keyof InviteValues, string>> {
  const email = values.email.trim();
  if (!email) return { email: 'Enter the email address to send the invitation to.' };
  if (!EMAIL.test(email)) return { email: 'Enter an email address like name@example.org.' };
  return {};
}

/** Invite someone by email; the server's objections to a field appear under it. */
export function InviteForm({ onInvite }: { onInvite: (values: InviteValues) => Promise<unknown> }) {
  const form = useForm<InviteValues>({ mode: 'controlled', initialValues: { email: '', role: 'MEMBER' }, validate: validateInvite });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        try {
          await onInvite({ email: values.email.trim(), role: values.role });
          form.reset();
        } catch (error) {
          form.setErrors(fieldErrors(error));
          if (!onlyFieldErrors(error, ['email', 'role'])) notifyError(error);
        }
      })}
    >
      <Group align="flex-start">
        <TextInput label="Email address" type="email" withAsterisk w={320} {...form.getInputProps('email')} />
        <Select label="Role on joining" data={ROLE_OPTIONS} allowDeselect={false} w={180} {...form.getInputProps('role')} />
        <Button type="submit" mt={25} loading={form.submitting}>
          Send invitation
        </Button>
      </Group>
    </form>
  );
}

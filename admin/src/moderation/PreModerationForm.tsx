import { useMutation } from '@apollo/client/react';
import { Button, Group, NumberInput, Paper, Stack, Switch, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { graphql } from '../gql';
import { fieldErrors, onlyFieldErrors } from '../ui/errors';
import { notifyError, notifySuccess } from '../ui/notify';
import { validateReason } from '../ui/ReasonDialog';
import { forgetLog } from './cache';

export const HELD_POSTS_MAX = 50;

const SET_PRE_MODERATION = graphql(`
  mutation SetPreModeration($input: SetDiscussionPreModerationInput!) {
    setDiscussionPreModeration(input: $input) {
      community {
        id
        discussionSettings {
          preModerationHeldPosts
        }
      }
      settings {
        preModerationHeldPosts
      }
    }
  }
`);

interface Values {
  on: boolean;
  heldPosts: number | string;
  reason: string;
}

export function validatePreModeration(values: Values): Partial<Record<keyof Values, string>> {
  const errors: Partial<Record<keyof Values, string>> = {};
  if (values.on) {
    const held = typeof values.heldPosts === 'number' ? values.heldPosts : Number.NaN;
    if (!Number.isInteger(held) || held < 1 || held > HELD_POSTS_MAX) errors.heldPosts = `Hold from 1 to ${HELD_POSTS_MAX} posts.`;
  }
  const reason = validateReason(values.reason);
  if (reason) errors.reason = reason;
  return errors;
}

/** The pre-moderation switch: while on, each member's first posts wait for a moderator. Coordinators only. */
export function PreModerationForm({ communityId, heldPosts }: { communityId: string; heldPosts: number | null }) {
  const [save] = useMutation(SET_PRE_MODERATION);
  const current = heldPosts ?? 0;
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { on: current > 0, heldPosts: current > 0 ? current : 3, reason: '' },
    validate: validatePreModeration,
  });
  return (
    <Paper withBorder p="lg" maw={560}>
      <Title order={2} size="h4" mb="xs">
        Pre-moderation
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {heldPosts === null
          ? "The discussion settings aren't available right now."
          : current > 0
            ? `On: each member's first ${current} post${current === 1 ? '' : 's'} wait${current === 1 ? 's' : ''} for a moderator's approval.`
            : 'Off: members’ posts are published straight away.'}
      </Text>
      <form
        noValidate
        onSubmit={form.onSubmit(async (values) => {
          try {
            await save({
              variables: { input: { communityId, heldPosts: values.on ? Number(values.heldPosts) : 0, reason: values.reason.trim() } },
              update: (cache) => forgetLog(cache, communityId),
            });
            form.setFieldValue('reason', '');
            notifySuccess(values.on ? 'Pre-moderation is on.' : 'Pre-moderation is off.');
          } catch (error) {
            form.setErrors(fieldErrors(error));
            if (!onlyFieldErrors(error, ['heldPosts', 'reason'])) notifyError(error);
          }
        })}
      >
        <Stack>
          <Switch label="Hold new members' first posts for approval" {...form.getInputProps('on', { type: 'checkbox' })} />
          {form.getValues().on && (
            <NumberInput label="Posts held per member" description={`From 1 to ${HELD_POSTS_MAX}.`} min={1} max={HELD_POSTS_MAX} allowDecimal={false} withAsterisk {...form.getInputProps('heldPosts')} />
          )}
          <Textarea label="Reason for the change" description="Kept in the audit log." withAsterisk autosize minRows={2} maxRows={6} {...form.getInputProps('reason')} />
          <Group>
            <Button type="submit" loading={form.submitting}>
              Save pre-moderation
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

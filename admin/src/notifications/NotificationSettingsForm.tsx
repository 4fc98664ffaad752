import { Alert, Button, Group, Paper, Radio, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMemo } from 'react';
import { graphql, getFragmentData, type FragmentType } from '../gql';
import type { DigestFrequency, NotificationChannel, NotificationKind, UpdateNotificationPreferencesInput } from '../gql/graphql';
import { fieldErrors, problemsOf } from '../ui/errors';
import { notifyError, notifySuccess } from '../ui/notify';
import { formatDate } from '../ui/time';
import { CHANNELS, FREQUENCIES, HOURS, KIND_ORDER, KINDS, timeZoneOptions, WEEKDAYS } from './labels';

export const NOTIFICATION_SETTINGS = graphql(`
  fragment NotificationSettings on NotificationPreferences {
    channels {
      kind
      channel
    }
    digestFrequency
    digestWeekday
    digestHour
    timeZone
    emailUndeliverable
    emailUndeliverableSince
  }
`);

export interface SettingsValues {
  channels: Partial<Record<NotificationKind, NotificationChannel>>;
  digestFrequency: DigestFrequency;
  digestWeekday: string;
  digestHour: string;
  timeZone: string;
}

const FIELDS = ['digestFrequency', 'digestWeekday', 'digestHour', 'timeZone'] as const;

export function validateSettings(values: SettingsValues, zones: readonly string[]): Partial<Record<string, string>> {
  const errors: Partial<Record<string, string>> = {};
  const hour = Number(values.digestHour);
  if (values.digestHour === '' || !Number.isInteger(hour) || hour < 0 || hour > 23) errors.digestHour = 'Choose the hour the digest goes out.';
  const weekday = Number(values.digestWeekday);
  if (values.digestFrequency === 'WEEKLY' && (values.digestWeekday === '' || !Number.isInteger(weekday) || weekday < 1 || weekday > 7)) {
    errors.digestWeekday = 'Choose the day a weekly digest goes out.';
  }
  if (!values.timeZone) errors.timeZone = 'Choose your time zone.';
  else if (!zones.includes(values.timeZone)) errors.timeZone = 'Choose a time zone from the list, such as Australia/Perth.';
  return errors;
}

/** The whole form as the mutation's input: every kind's channel, in the order sent, and the digest. */
export function toInput(values: SettingsValues): { input: UpdateNotificationPreferencesInput; kinds: NotificationKind[] } {
  const kinds = KIND_ORDER.filter((kind) => values.channels[kind] !== undefined);
  return {
    kinds,
    input: {
      channels: kinds.map((kind) => ({ kind, channel: values.channels[kind]! })),
      digestFrequency: values.digestFrequency,
      digestWeekday: Number(values.digestWeekday),
      digestHour: Number(values.digestHour),
      timeZone: values.timeZone,
    },
  };
}

/**
 * The graph's BAD_USER_INPUT, placed on the form's fields: `input.timeZone` on the time zone,
 * `input.channels.3.channel` on the fourth kind sent. `general` says whether anything could not
 * be placed on a field and must be said another way.
 */
export function settingsErrors(error: unknown, sentKinds: readonly NotificationKind[]): { errors: Record<string, string>; general: boolean } {
  const errors: Record<string, string> = {};
  let placed = 0;
  for (const [field, message] of Object.entries(fieldErrors(error))) {
    const channel = /^channels\.(\d+)/.exec(field);
    const kind = channel ? sentKinds[Number(channel[1])] : undefined;
    const key = kind ? `channels.${kind}` : (FIELDS as readonly string[]).includes(field) ? field : undefined;
    if (key) {
      errors[key] = message;
      placed += 1;
    }
  }
  return { errors, general: placed === 0 || problemsOf(error).length > placed };
}

function initialValues(preferences: { channels: { kind: NotificationKind; channel: NotificationChannel }[]; digestFrequency: DigestFrequency; digestWeekday: number; digestHour: number; timeZone: string }): SettingsValues {
  return {
    channels: Object.fromEntries(preferences.channels.map(({ kind, channel }) => [kind, channel])),
    digestFrequency: preferences.digestFrequency,
    digestWeekday: String(preferences.digestWeekday),
    digestHour: String(preferences.digestHour),
    timeZone: preferences.timeZone,
  };
}

/** The signed-in person's notification settings: how each kind reaches them, and when their digest goes out. */
export function NotificationSettingsForm(props: { preferences: FragmentType<typeof NOTIFICATION_SETTINGS>; onSave: (input: UpdateNotificationPreferencesInput) => Promise<unknown> }) {
  const preferences = getFragmentData(NOTIFICATION_SETTINGS, props.preferences);
  const zones = useMemo(() => timeZoneOptions(preferences.timeZone), [preferences.timeZone]);
  const form = useForm<SettingsValues>({ mode: 'controlled', initialValues: initialValues(preferences), validate: (values) => validateSettings(values, zones) });
  const frequency = form.getValues().digestFrequency;
  const kinds = KIND_ORDER.filter((kind) => preferences.channels.some((setting) => setting.kind === kind));
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        const { input, kinds: sent } = toInput(values);
        try {
          await props.onSave(input);
          form.resetDirty(values);
          notifySuccess('Your notification settings are saved.');
        } catch (error) {
          const { errors, general } = settingsErrors(error, sent);
          form.setErrors(errors);
          if (general) notifyError(error);
        }
      })}
    >
      <Stack maw={760}>
        {preferences.emailUndeliverable && (
          <Alert color="orange" title="Email to your address isn't getting through" role="alert">
            <Text size="sm">
              {preferences.emailUndeliverableSince ? `Since ${formatDate(preferences.emailUndeliverableSince, preferences.timeZone)}, email` : 'Email'} to your address has
              failed again and again, so Praxis has stopped sending any. Your notifications are still here in the app. Change your email address in your account to
              receive email again.
            </Text>
          </Alert>
        )}
        <Paper withBorder p="lg" component="section" aria-labelledby="notification-channels">
          <Title order={2} size="h4" id="notification-channels" mb={4}>
            How each kind reaches you
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            Everything is always in your notifications in the app. Choose what is also emailed at once, or gathered in your digest.
          </Text>
          <Stack gap="lg">
            {kinds.map((kind) => (
              <Radio.Group key={kind} label={KINDS[kind].label} description={KINDS[kind].description} {...form.getInputProps(`channels.${kind}`)}>
                <Group mt={6} gap="lg">
                  {CHANNELS.map((channel) => (
                    <Radio key={channel.value} value={channel.value} label={channel.label} />
                  ))}
                </Group>
              </Radio.Group>
            ))}
          </Stack>
        </Paper>
        <Paper withBorder p="lg" component="section" aria-labelledby="notification-digest">
          <Title order={2} size="h4" id="notification-digest" mb={4}>
            Digest
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            One email gathering what you chose for the digest, with new threads and replies where you follow, upcoming events and newly featured resources. Nothing is sent
            when there is nothing new.
          </Text>
          <Stack>
            <Radio.Group label="How often" {...form.getInputProps('digestFrequency')}>
              <Group mt={6} gap="lg">
                {FREQUENCIES.map((option) => (
                  <Radio key={option.value} value={option.value} label={option.label} />
                ))}
              </Group>
            </Radio.Group>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Select label="Day" description="For a weekly digest." data={WEEKDAYS} allowDeselect={false} disabled={frequency !== 'WEEKLY'} {...form.getInputProps('digestWeekday')} />
              <Select label="Hour" description="In your time zone." data={HOURS} allowDeselect={false} disabled={frequency === 'OFF'} {...form.getInputProps('digestHour')} />
              <Select
                label="Time zone"
                description="Type to search, such as Perth."
                data={zones}
                searchable
                allowDeselect={false}
                nothingFoundMessage="No time zone matches."
                maxDropdownHeight={280}
                // Four hundred zones: rendered only while the list is open, not hidden on every keystroke elsewhere.
                comboboxProps={{ keepMounted: false }}
                {...form.getInputProps('timeZone')}
              />
            </SimpleGrid>
          </Stack>
        </Paper>
        <Group>
          <Button type="submit" loading={form.submitting}>
            Save notification settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

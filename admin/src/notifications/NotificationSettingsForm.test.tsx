import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { MantineProvider } from '@mantine/core';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { KIND_ORDER, KINDS } from './labels';
import { NotificationSettingsForm, settingsErrors, toInput, validateSettings, type SettingsValues } from './NotificationSettingsForm';

Object.defineProperty(document, 'fonts', { configurable: true, value: document.fonts ?? { addEventListener() {}, removeEventListener() {} } });

const preferences = (overrides: object = {}) =>
  ({
    __typename: 'NotificationPreferences',
    channels: KIND_ORDER.map((kind) => ({ __typename: 'NotificationChannelSetting', kind, channel: kind === 'MENTION' ? 'EMAIL' : 'DIGEST' })),
    digestFrequency: 'WEEKLY',
    digestWeekday: 1,
    digestHour: 8,
    timeZone: 'Australia/Perth',
    emailUndeliverable: false,
    emailUndeliverableSince: null,
    ' $fragmentRefs': undefined,
    ...overrides,
  }) as unknown as Parameters<typeof NotificationSettingsForm>[0]['preferences'];

const badInput = (fields: { field: string; message: string }[]) =>
  new CombinedGraphQLErrors({ errors: [{ message: fields[0]!.message, extensions: { code: 'BAD_USER_INPUT', field: fields[0]!.field, fields } }] });

function renderForm(onSave = vi.fn().mockResolvedValue(undefined), overrides: object = {}) {
  render(
    <MantineProvider env="test">
      <NotificationSettingsForm preferences={preferences(overrides)} onSave={onSave} />
    </MantineProvider>,
  );
  return { onSave, user: userEvent.setup() };
}

const values = (overrides: Partial<SettingsValues> = {}): SettingsValues => ({ channels: {}, digestFrequency: 'WEEKLY', digestWeekday: '1', digestHour: '8', timeZone: 'Australia/Perth', ...overrides });

describe('notification settings', { timeout: 20_000 }, () => {
  it('lists every kind with its description and its channel chosen', () => {
    renderForm();
    for (const kind of KIND_ORDER) {
      const group = screen.getByRole('radiogroup', { name: KINDS[kind].label });
      expect(group).toHaveAccessibleDescription(KINDS[kind].description);
    }
    expect(screen.getAllByRole('radio', { name: 'Email at once' })[0]).toBeChecked();
    expect(screen.getByRole('radio', { name: 'Weekly' })).toBeChecked();
  });

  it('sends every kind’s channel and the digest as the graph expects', async () => {
    const { onSave, user } = renderForm();
    await user.click(screen.getAllByRole('radio', { name: 'In the app only' })[0]!);
    await user.click(screen.getByRole('radio', { name: 'Daily' }));
    await user.click(screen.getByRole('button', { name: 'Save notification settings' }));
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    const input = onSave.mock.calls[0]![0];
    expect(input).toMatchObject({ digestFrequency: 'DAILY', digestWeekday: 1, digestHour: 8, timeZone: 'Australia/Perth' });
    expect(input.channels).toHaveLength(KIND_ORDER.length);
    expect(input.channels[0]).toEqual({ kind: 'MENTION', channel: 'IN_APP' });
  });

  it('checks the digest before sending', () => {
    const zones = ['Australia/Perth', 'Europe/London'];
    expect(validateSettings(values(), zones)).toEqual({});
    expect(validateSettings(values({ timeZone: 'Mars/Olympus_Mons' }), zones)).toEqual({ timeZone: 'Choose a time zone from the list, such as Australia/Perth.' });
    expect(validateSettings(values({ timeZone: '' }), zones)).toEqual({ timeZone: 'Choose your time zone.' });
    expect(validateSettings(values({ digestHour: '24' }), zones)).toEqual({ digestHour: 'Choose the hour the digest goes out.' });
    expect(validateSettings(values({ digestWeekday: '' }), zones)).toEqual({ digestWeekday: 'Choose the day a weekly digest goes out.' });
    // A daily digest needs no weekday.
    expect(validateSettings(values({ digestFrequency: 'DAILY', digestWeekday: '' }), zones)).toEqual({});
  });

  it('places the graph’s BAD_USER_INPUT on the field it names, channels by the kind sent at that index', () => {
    const { kinds } = toInput(values({ channels: { MENTION: 'EMAIL', THREAD_REPLY: 'DIGEST', NEW_THREAD: 'IN_APP' } }));
    expect(kinds).toEqual(['MENTION', 'THREAD_REPLY', 'NEW_THREAD']);
    expect(
      settingsErrors(
        badInput([
          { field: 'input.timeZone', message: 'Unknown time zone.' },
          { field: 'input.digestHour', message: 'The hour is 0 to 23.' },
          { field: 'input.channels.2.channel', message: 'Choose a channel.' },
        ]),
        kinds,
      ),
    ).toEqual({ errors: { timeZone: 'Unknown time zone.', digestHour: 'The hour is 0 to 23.', 'channels.NEW_THREAD': 'Choose a channel.' }, general: false });
    // A field the form does not have, or another code, is said another way.
    expect(settingsErrors(badInput([{ field: 'input.somethingElse', message: 'No.' }]), kinds)).toEqual({ errors: {}, general: true });
    expect(settingsErrors(new CombinedGraphQLErrors({ errors: [{ message: 'x', extensions: { code: 'UNAUTHENTICATED' } }] }), kinds).general).toBe(true);
  });

  it('shows the server’s objection under the time zone and the hour', async () => {
    const onSave = vi.fn().mockRejectedValue(
      badInput([
        { field: 'input.timeZone', message: 'Australia/Perth is not a time zone Praxis knows.' },
        { field: 'input.digestHour', message: 'The hour is 0 to 23.' },
      ]),
    );
    const { user } = renderForm(onSave);
    await user.click(screen.getByRole('button', { name: 'Save notification settings' }));
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Time zone' })).toHaveAccessibleDescription(/Australia\/Perth is not a time zone Praxis knows\./));
    expect(screen.getByRole('combobox', { name: 'Hour' })).toHaveAccessibleDescription(/The hour is 0 to 23\./);
    expect(screen.getByRole('combobox', { name: 'Time zone' })).toHaveAttribute('aria-invalid', 'true');
  });

  it('the weekday only matters for a weekly digest', async () => {
    const { user } = renderForm();
    expect(screen.getByRole('combobox', { name: 'Day' })).toBeEnabled();
    await user.click(screen.getByRole('radio', { name: 'Daily' }));
    expect(screen.getByRole('combobox', { name: 'Day' })).toBeDisabled();
    await user.click(screen.getByRole('radio', { name: 'Off' }));
    expect(screen.getByRole('combobox', { name: 'Hour' })).toBeDisabled();
  });

  it('warns when email to the address keeps failing', () => {
    renderForm(undefined, { emailUndeliverable: true, emailUndeliverableSince: '2026-11-30T02:00:00.000Z' });
    expect(screen.getByRole('alert')).toHaveTextContent("Email to your address isn't getting through");
    expect(screen.getByRole('alert')).toHaveTextContent('Since 30 Nov 2026, email to your address has failed again and again');
  });

  it('offers every zone the browser knows, searchable', async () => {
    const { user } = renderForm();
    const zone = screen.getByRole('combobox', { name: 'Time zone' });
    expect(zone).toHaveValue('Australia/Perth');
    await user.clear(zone);
    await user.type(zone, 'Melbourne');
    await user.click(await screen.findByRole('option', { name: 'Australia/Melbourne' }));
    await user.click(screen.getByRole('button', { name: 'Save notification settings' }));
    expect(zone).toHaveValue('Australia/Melbourne');
  });
});

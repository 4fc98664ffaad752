import { MantineProvider } from '@mantine/core';
import { MockedProvider } from '@apollo/client/testing/react';
import type { MockLink } from '@apollo/client/testing';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SetPreModerationDocument } from '../gql/graphql';
import { PreModerationForm, validatePreModeration } from './PreModerationForm';

// jsdom has no font loading API; Mantine's autosizing textarea listens to it.
Object.defineProperty(document, 'fonts', { configurable: true, value: document.fonts ?? { addEventListener() {}, removeEventListener() {} } });

function renderForm(heldPosts: number | null, mocks: MockLink.MockedResponse[] = []) {
  return render(
    <MantineProvider env="test">
      <MockedProvider mocks={mocks}>
        <PreModerationForm communityId="c-1" heldPosts={heldPosts} />
      </MockedProvider>
    </MantineProvider>,
  );
}

describe('the pre-moderation switch', () => {
  it('checks the number held and the reason', () => {
    expect(validatePreModeration({ on: true, heldPosts: 0, reason: 'Spam wave' })).toEqual({ heldPosts: 'Hold from 1 to 50 posts.' });
    expect(validatePreModeration({ on: true, heldPosts: 51, reason: 'x' }).heldPosts).toBe('Hold from 1 to 50 posts.');
    expect(validatePreModeration({ on: true, heldPosts: '', reason: 'x' }).heldPosts).toBe('Hold from 1 to 50 posts.');
    // Turning it off ignores the number.
    expect(validatePreModeration({ on: false, heldPosts: '', reason: 'Calm again' })).toEqual({});
    expect(validatePreModeration({ on: false, heldPosts: 3, reason: '   ' })).toEqual({ reason: 'Give a reason.' });
  });

  it('says where it stands and needs a reason to change', async () => {
    renderForm(2);
    expect(screen.getByText(/first 2 posts wait for a moderator's approval/)).toBeInTheDocument();
    expect(screen.getByRole('switch', { name: "Hold new members' first posts for approval" })).toBeChecked();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Save pre-moderation' }));
    expect(screen.getByRole('textbox', { name: /Reason for the change/ })).toHaveAccessibleDescription(/Give a reason\./);
  });

  it('puts the server’s BAD_USER_INPUT on heldPosts under the number', async () => {
    const user = userEvent.setup();
    renderForm(0, [
      {
        request: { query: SetPreModerationDocument, variables: { input: { communityId: 'c-1', heldPosts: 3, reason: 'New members posting spam' } } },
        result: { errors: [new GraphQLError('Hold at most 2 posts.', { extensions: { code: 'BAD_USER_INPUT', field: 'input.heldPosts' } })] },
      },
    ]);
    await user.click(screen.getByRole('switch', { name: "Hold new members' first posts for approval" }));
    await user.type(screen.getByRole('textbox', { name: /Reason for the change/ }), 'New members posting spam');
    await user.click(screen.getByRole('button', { name: 'Save pre-moderation' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: /Posts held per member/ })).toHaveAccessibleDescription(/Hold at most 2 posts\./));
  });
});

import { MantineProvider } from '@mantine/core';
import { MockedProvider } from '@apollo/client/testing/react';
import type { MockLink } from '@apollo/client/testing';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { RejectResourceDocument } from '../gql/graphql';
import { CurationCard } from './CurationQueue';

// jsdom has no font loading API; Mantine's autosizing textarea listens to it.
Object.defineProperty(document, 'fonts', { configurable: true, value: document.fonts ?? { addEventListener() {}, removeEventListener() {} } });

const resource = {
  __typename: 'Resource',
  id: 'res-1',
  title: 'Advance care planning toolkit',
  summary: 'Templates for conversations.',
  kind: 'TOOLKIT',
  audience: 'STAFF',
  url: 'https://example.org/toolkit',
  createdAt: '2026-12-01T02:00:00.000Z',
  file: null,
  contributor: { __typename: 'Member', id: 'm-1', displayName: 'Pat Plain-Member' },
  tags: [],
  ' $fragmentRefs': undefined,
} as unknown as Parameters<typeof CurationCard>[0]['resource'];

function renderCard(mocks: MockLink.MockedResponse[] = []) {
  return render(
    <MantineProvider env="test">
      <MockedProvider mocks={mocks}>
        <CurationCard communityId="c-1" resource={resource} timeZone="Australia/Perth" />
      </MockedProvider>
    </MantineProvider>,
  );
}

async function openReject() {
  const user = userEvent.setup();
  await user.click(screen.getByRole('button', { name: 'Reject “Advance care planning toolkit”' }));
  const dialog = await screen.findByRole('dialog', { name: 'Reject this submission?' });
  return { user, dialog };
}

describe('rejecting a submission', () => {
  it('shows the resource with its time in the network’s zone', () => {
    renderCard();
    expect(screen.getByText('Advance care planning toolkit')).toBeInTheDocument();
    expect(screen.getByText(/1 Dec 2026, 10:00 am AWST/)).toBeInTheDocument();
  });

  it('needs a reason before anything is sent', async () => {
    renderCard();
    const { user, dialog } = await openReject();
    await user.click(within(dialog).getByRole('button', { name: 'Reject' }));
    expect(within(dialog).getByRole('textbox', { name: /Reason/ })).toHaveAccessibleDescription(/Give a reason\./);
  });

  it('puts the server’s BAD_USER_INPUT on the reason under the field', async () => {
    const reason = 'Not about palliative care';
    renderCard([
      {
        request: { query: RejectResourceDocument, variables: { input: { resourceId: 'res-1', reason } } },
        result: { errors: [new GraphQLError('Reason must be at most 1000 characters.', { extensions: { code: 'BAD_USER_INPUT', field: 'input.reason' } })] },
      },
    ]);
    const { user, dialog } = await openReject();
    await user.type(within(dialog).getByRole('textbox', { name: /Reason/ }), reason);
    await user.click(within(dialog).getByRole('button', { name: 'Reject' }));
    await waitFor(() => expect(within(dialog).getByRole('textbox', { name: /Reason/ })).toHaveAccessibleDescription(/Reason must be at most 1000 characters\./));
    expect(screen.getByRole('dialog', { name: 'Reject this submission?' })).toBeInTheDocument();
  });
});

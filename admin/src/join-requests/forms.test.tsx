import { MantineProvider } from '@mantine/core';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ReasonDialog, validateReason } from '../ui/ReasonDialog';
import { InviteForm, validateInvite } from './InviteForm';

Object.defineProperty(document, 'fonts', { configurable: true, value: document.fonts ?? { addEventListener() {}, removeEventListener() {} } });

const wrap = (node: React.ReactNode) => render(<MantineProvider env="test">{node}</MantineProvider>);

describe('declining needs a reason', () => {
  it('validates the reason', () => {
    expect(validateReason('   ')).toBe('Give a reason.');
    expect(validateReason('x'.repeat(2001))).toBe('Keep the reason to 2,000 characters or fewer.');
    expect(validateReason('Please apply after your placement.')).toBeNull();
  });

  it('will not send an empty reason, and shows the server’s objection under the field', async () => {
    const onSubmit = vi.fn().mockRejectedValueOnce(new CombinedGraphQLErrors({ errors: [{ message: 'The reason may not contain only punctuation.', extensions: { code: 'BAD_USER_INPUT', field: 'input.reason' } }] }));
    wrap(<ReasonDialog opened title="Decline Sam's request?" confirmLabel="Decline request" reasonLabel="Reason for declining" onSubmit={onSubmit} onClose={() => {}} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Decline request' }));
    expect(await screen.findByText('Give a reason.')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();

    await user.type(screen.getByRole('textbox', { name: /Reason for declining/ }), '...');
    await user.click(screen.getByRole('button', { name: 'Decline request' }));
    expect(await screen.findByText('The reason may not contain only punctuation.')).toBeInTheDocument();
    expect(onSubmit).toHaveBeenCalledWith('...');
  });

  it('closes after a reason is accepted', async () => {
    const onClose = vi.fn();
    wrap(<ReasonDialog opened title="Ban Cam?" confirmLabel="Ban member" onSubmit={vi.fn().mockResolvedValue(undefined)} onClose={onClose} />);
    const user = userEvent.setup();
    await user.type(await screen.findByRole('textbox', { name: /Reason/ }), 'Repeated abuse');
    await user.click(screen.getByRole('button', { name: 'Ban member' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
  });
});

describe('inviting by email', () => {
  it('validates the address', () => {
    expect(validateInvite({ email: '', role: 'MEMBER' })).toEqual({ email: 'Enter the email address to send the invitation to.' });
    expect(validateInvite({ email: 'someone', role: 'MEMBER' })).toEqual({ email: 'Enter an email address like name@example.org.' });
    expect(validateInvite({ email: ' someone@example.org ', role: 'MEMBER' })).toEqual({});
  });

  it('sends a trimmed address with the chosen role and clears the form', async () => {
    const onInvite = vi.fn().mockResolvedValue(undefined);
    wrap(<InviteForm onInvite={onInvite} />);
    const user = userEvent.setup();
    const email = screen.getByRole('textbox', { name: /Email address/ });
    await user.type(email, '  new@example.org ');
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));
    await waitFor(() => expect(onInvite).toHaveBeenCalledWith({ email: 'new@example.org', role: 'MEMBER' }));
    await waitFor(() => expect(email).toHaveValue(''));
  });

  it('a CONFLICT is not a field problem: the form keeps what was typed', async () => {
    const onInvite = vi.fn().mockRejectedValue(new CombinedGraphQLErrors({ errors: [{ message: 'member', extensions: { code: 'CONFLICT', reason: 'ALREADY_MEMBER' } }] }));
    wrap(<InviteForm onInvite={onInvite} />);
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: /Email address/ }), 'member@example.org');
    await user.click(screen.getByRole('button', { name: 'Send invitation' }));
    await waitFor(() => expect(onInvite).toHaveBeenCalled());
    expect(screen.getByRole('textbox', { name: /Email address/ })).toHaveValue('member@example.org');
  });
});

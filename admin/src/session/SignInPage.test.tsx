import { MantineProvider } from '@mantine/core';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../ui/errors';
import type { Session } from './session';
import { SessionContext } from './SessionContext';
import SignInPage, { signInMessage, validateSignIn } from './SignInPage';

Object.defineProperty(document, 'fonts', { configurable: true, value: document.fonts ?? { addEventListener() {}, removeEventListener() {} } });

function renderSignIn(signIn: Session['signIn'], path = '/sign-in') {
  const session = { signIn } as unknown as Session;
  const router = createMemoryRouter(
    [
      { path: '/sign-in', Component: SignInPage },
      { path: '/', element: <p>Home screen</p> },
    ],
    { initialEntries: [path] },
  );
  render(
    <MantineProvider env="test">
      <SessionContext value={session}>
        <RouterProvider router={router} />
      </SessionContext>
    </MantineProvider>,
  );
  return router;
}

async function submit(email: string, password: string) {
  const user = userEvent.setup();
  if (email) await user.type(screen.getByRole('textbox', { name: 'Email address' }), email);
  if (password) await user.type(screen.getByLabelText(/^Password/), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('sign-in', () => {
  it('validates before asking the server', () => {
    expect(validateSignIn({ email: '', password: '' })).toEqual({ email: 'Enter your email address.', password: 'Enter your password.' });
    expect(validateSignIn({ email: 'not an address', password: 'x' })).toEqual({ email: 'Enter an email address like name@example.org.' });
    expect(validateSignIn({ email: 'casey@example.org', password: 'x' })).toEqual({});
  });

  it('shows the problems under the fields and does not call the server', async () => {
    const signIn = vi.fn();
    renderSignIn(signIn);
    await submit('', '');
    expect(await screen.findByText('Enter your email address.')).toBeInTheDocument();
    expect(screen.getByText('Enter your password.')).toBeInTheDocument();
    expect(signIn).not.toHaveBeenCalled();
  });

  it('signs in and goes home', async () => {
    const signIn = vi.fn().mockResolvedValue(undefined);
    const router = renderSignIn(signIn);
    await submit('casey@example.org', 'correct horse');
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    expect(signIn).toHaveBeenCalledWith('casey@example.org', 'correct horse');
  });

  it('a wrong password reads as such, not as a lost session', async () => {
    renderSignIn(vi.fn().mockRejectedValue(new ApiError([{ code: 'UNAUTHENTICATED', message: 'Email or password is wrong.' }])));
    await submit('casey@example.org', 'wrong');
    expect(await screen.findByRole('alert')).toHaveTextContent("That email address and password don't match an account.");
  });

  it('a server objection to a field appears under that field', async () => {
    renderSignIn(vi.fn().mockRejectedValue(new ApiError([{ code: 'BAD_USER_INPUT', field: 'input.email', message: 'That is not an email address we can use.' }])));
    await submit('casey@example.org', 'pw');
    expect(await screen.findByText('That is not an email address we can use.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Email address' })).toHaveAttribute('aria-invalid', 'true');
  });

  it('says how long to wait when rate limited', () => {
    expect(signInMessage(new ApiError([{ code: 'RATE_LIMITED', message: '', retryAfter: 45 }]))).toBe('Too many attempts in a short time. Please wait 45 seconds and try again.');
  });

  it('explains why it is back at sign-in after a lost session', async () => {
    renderSignIn(vi.fn(), '/sign-in?ended=1');
    expect(await screen.findByRole('status')).toHaveTextContent('Your session has ended. Please sign in again.');
  });
});

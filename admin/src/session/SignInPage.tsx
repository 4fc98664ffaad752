import { Alert, Button, Container, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { safeReturnPath } from '../app/routes';
import { describeError, fieldErrors, problemsOf } from '../ui/errors';
import { SESSION_ENDED } from './session';
import { useSession } from './SessionContext';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateSignIn(values: { email: string; password: string }): Partial<Record<'email' | 'password', string>> {
  const errors: Partial<Record<'email' | 'password', string>> = {};
  if (!values.email.trim()) errors.email = 'Enter your email address.';
  else if (!EMAIL.test(values.email.trim())) errors.email = 'Enter an email address like name@example.org.';
  if (!values.password) errors.password = 'Enter your password.';
  return errors;
}

/** Sign-in's own reading of an error: a wrong password is not a lost session. */
export function signInMessage(error: unknown): string {
  const problem = problemsOf(error)[0];
  if (problem?.code === 'UNAUTHENTICATED' && problem.reason !== 'ACCOUNT_DELETED') return "That email address and password don't match an account.";
  return describeError(error);
}

export default function SignInPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [failure, setFailure] = useState<string | null>(null);
  const notice = params.has('ended') ? SESSION_ENDED : params.has('signedOut') ? 'You have signed out.' : null;
  const form = useForm({ mode: 'controlled', initialValues: { email: '', password: '' }, validate: validateSignIn });

  useEffect(() => {
    document.title = 'Sign in · Praxis admin';
  }, []);

  return (
    <Container size={420} py={64} component="main" id="main">
      <Title order={1} ta="center">
        Praxis admin
      </Title>
      <Text c="dimmed" size="sm" ta="center" mt={4}>
        For coordinators, moderators and network admins
      </Text>
      <Paper withBorder shadow="sm" p="lg" mt="xl" radius="md">
        <form
          noValidate
          onSubmit={form.onSubmit(async (values) => {
            setFailure(null);
            try {
              await session.signIn(values.email.trim(), values.password);
              await navigate(safeReturnPath(params.get('from')), { replace: true });
            } catch (error) {
              const byField = fieldErrors(error);
              form.setErrors(byField);
              if (Object.keys(byField).length === 0) setFailure(signInMessage(error));
            }
          })}
        >
          <Stack>
            {notice && !failure && (
              <Alert color="blue" role="status">
                {notice}
              </Alert>
            )}
            {failure && (
              <Alert color="red" role="alert" title="Couldn't sign in">
                {failure}
              </Alert>
            )}
            <TextInput label="Email address" type="email" autoComplete="username" withAsterisk {...form.getInputProps('email')} />
            <PasswordInput label="Password" autoComplete="current-password" withAsterisk {...form.getInputProps('password')} />
            <Button type="submit" loading={form.submitting} fullWidth>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}

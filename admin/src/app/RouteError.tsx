import { Button, Container, Stack, Text, Title } from '@mantine/core';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { describeError } from '../ui/errors';

/** A screen that failed to load (a lost connection while fetching its code, say) says so and offers a reload. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : describeError(error);
  return (
    <Container size="sm" py="xl">
      <Stack role="alert">
        <Title order={1}>This page could not be shown</Title>
        <Text>{message}</Text>
        <Button onClick={() => window.location.reload()} w="fit-content">
          Reload the page
        </Button>
      </Stack>
    </Container>
  );
}

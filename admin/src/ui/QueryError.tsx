import { Alert, Button, Group, Text } from '@mantine/core';
import { describeError, isNetworkFailure } from './errors';

/** A read that failed: what happened in plain words, and a retry when the network let us down. */
export function QueryError({ error, onRetry, partial = false }: { error: unknown; onRetry?: () => unknown; partial?: boolean }) {
  const network = isNetworkFailure(error);
  const title = partial ? 'Some of this page could not be loaded' : network ? 'Connection problem' : 'Something went wrong';
  return (
    <Alert color={partial ? 'orange' : 'red'} title={title} role="alert" mb={partial ? 'md' : undefined}>
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">{describeError(error)}</Text>
        {onRetry && (
          <Button size="xs" variant="white" color="red" onClick={() => void onRetry()}>
            Try again
          </Button>
        )}
      </Group>
    </Alert>
  );
}

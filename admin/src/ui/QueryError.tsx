import { Alert, Button, Group, Text } from '@mantine/core';
import { describeError, isNetworkFailure } from './errors';

/** A read that failed: what happened in plain words, and a retry when the network let us down. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => unknown }) {
  const network = isNetworkFailure(error);
  return (
    <Alert color="red" title={network ? 'Connection problem' : 'Something went wrong'} role="alert">
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

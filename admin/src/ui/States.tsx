import { Paper, Skeleton, Stack, Text } from '@mantine/core';

/** Placeholder rows while a list loads; announced once to screen readers. */
export function ListSkeleton({ rows = 4, label = 'Loading' }: { rows?: number; label?: string }) {
  return (
    <Stack gap="sm" aria-busy="true" aria-label={label} role="status">
      {Array.from({ length: rows }, (_, index) => (
        <Skeleton key={index} height={56} radius="sm" />
      ))}
    </Stack>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return (
    <Paper withBorder p="lg" ta="center">
      <Text c="dimmed">{children}</Text>
    </Paper>
  );
}

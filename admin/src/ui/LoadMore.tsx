import { Button, Center } from '@mantine/core';
import { useState } from 'react';
import { notifyError } from './notify';

interface PageInfoLike {
  hasNextPage: boolean;
  endCursor?: string | null;
}

/**
 * The one way lists grow: the next page after the last cursor, merged by the cache's
 * relayStylePagination policy. Nothing loads an unbounded list.
 */
export function LoadMore({ pageInfo, fetchMore, label = 'Load more' }: { pageInfo: PageInfoLike | undefined; fetchMore: (after: string) => Promise<unknown>; label?: string }) {
  const [loading, setLoading] = useState(false);
  if (!pageInfo?.hasNextPage || !pageInfo.endCursor) return null;
  const cursor = pageInfo.endCursor;
  return (
    <Center mt="md">
      <Button
        variant="default"
        loading={loading}
        onClick={() => {
          setLoading(true);
          fetchMore(cursor)
            .catch(notifyError)
            .finally(() => setLoading(false));
        }}
      >
        {label}
      </Button>
    </Center>
  );
}

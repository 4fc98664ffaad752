import { useQuery } from '@apollo/client/react';
import { Text } from '@mantine/core';
import { graphql } from '../gql';

export const QUIET_MEMBERS = graphql(`
  query QuietMembers($id: ID!) {
    community(id: $id) {
      id
      quietMemberCount
    }
  }
`);

/**
 * How many members get no email at all, for coordinators: a count, never who. Its own query, so
 * the community's screens still open when the notifications part of the graph does not answer;
 * then, or for anyone the graph gives no count, it shows nothing.
 */
export function QuietMembers({ communityId }: { communityId: string }) {
  const { data } = useQuery(QUIET_MEMBERS, { variables: { id: communityId }, errorPolicy: 'all' });
  const count = data?.community?.quietMemberCount;
  if (count === null || count === undefined) return null;
  return (
    <Text size="sm" mt={-8} mb="md">
      <Text span fw={600}>
        Members receiving no email: {count.toLocaleString('en-AU')}
      </Text>
      <Text span c="dimmed">
        {' '}
        · They have turned every kind of notification to in-app only and switched their digest off, so emails from this community won&apos;t reach them.
      </Text>
    </Text>
  );
}

import { skipToken, useQuery } from '@apollo/client/react';
import { Text } from '@mantine/core';
import { useParams } from 'react-router';
import { NoAdminRights } from '../app/NoAdminRights';
import { graphql } from '../gql';
import type { CommunityHeaderQuery } from '../gql/graphql';
import { PageTitle } from '../ui/PageTitle';
import { QueryError } from '../ui/QueryError';
import { ListSkeleton } from '../ui/States';
import { QuietMembers } from './QuietMembers';

/** What every community screen needs first: its name, its network's time zone, and what the viewer may do. */
export const COMMUNITY_HEADER = graphql(`
  query CommunityHeader($id: ID!) {
    community(id: $id) {
      id
      name
      archived
      network {
        id
        name
        timeZone
      }
      viewerCan {
        coordinate
        moderate
      }
    }
  }
`);

export type CommunityHeader = NonNullable<CommunityHeaderQuery['community']>;

export function useCommunityHeader(id: string | undefined) {
  return useQuery(COMMUNITY_HEADER, id ? { variables: { id } } : skipToken);
}

/**
 * The frame of a screen about one community: its title, and the states before the screen can
 * show anything (loading, failed, unknown, or no right to be here, decided by `viewerCan`).
 */
export function CommunityScreen({
  title,
  allowed,
  children,
}: {
  title: string;
  allowed: (can: CommunityHeader['viewerCan']) => boolean;
  children: (community: CommunityHeader) => React.ReactNode;
}) {
  const { communityId } = useParams();
  const { data, loading, error, refetch } = useCommunityHeader(communityId);
  const community = data?.community;
  if (!community) {
    if (error) {
      return (
        <>
          <PageTitle title={title}>{title}</PageTitle>
          <QueryError error={error} onRetry={() => refetch()} />
        </>
      );
    }
    if (loading) {
      return (
        <>
          <PageTitle title={title}>{title}</PageTitle>
          <ListSkeleton />
        </>
      );
    }
    return (
      <>
        <PageTitle title="Community not found">Community not found</PageTitle>
        <Text>There is no community at this address, or you may not see it.</Text>
      </>
    );
  }
  if (!allowed(community.viewerCan)) return <NoAdminRights where={community.name} />;
  return (
    <>
      <PageTitle title={`${title}: ${community.name}`}>{title}</PageTitle>
      <Text c="dimmed" mt={-8} mb="md">
        {community.name} · {community.network.name} · times in {community.network.timeZone}
      </Text>
      {community.viewerCan.coordinate && <QuietMembers communityId={community.id} />}
      {children(community)}
    </>
  );
}

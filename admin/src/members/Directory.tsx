import { useQuery } from '@apollo/client/react';
import { Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { graphql } from '../gql';
import type { CommunityRole, DirectoryOrder, MemberDirectoryFilter, ParticipantType } from '../gql/graphql';
import type { CommunityHeader } from '../community/CommunityScreen';
import { formatDate } from '../ui/time';
import { PARTICIPANT_TYPE_OPTIONS, ROLE_OPTIONS, participantTypeLabel, roleLabel } from '../ui/labels';
import { LoadMore } from '../ui/LoadMore';
import { QueryError } from '../ui/QueryError';
import { Empty, ListSkeleton } from '../ui/States';
import { MemberActions } from './MemberActions';
import { RecordTable } from '../ui/RecordTable';

const DIRECTORY = graphql(`
  query MemberDirectory($id: ID!, $networkId: ID!, $filter: MemberDirectoryFilter, $orderBy: DirectoryOrder, $after: String) {
    network(id: $networkId) {
      id
      professions: vocabulary(kind: PROFESSION) {
        id
        label
      }
      regions: vocabulary(kind: REGION) {
        id
        label
      }
    }
    community(id: $id) {
      id
      members(first: 20, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        edges {
          cursor
          node {
            id
            role
            joinedAt
            profession {
              id
              label
            }
            region {
              id
              label
            }
            member {
              id
              displayName
              handle
              email
              participantType
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

const ORDER_OPTIONS = [
  { value: 'NAME', label: 'Name, A to Z' },
  { value: 'JOINED_AT', label: 'Newest members first' },
];

/** The member directory with the graph's own filters and search. */
export function Directory({ community }: { community: CommunityHeader }) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [role, setRole] = useState<string | null>(null);
  const [participantType, setParticipantType] = useState<string | null>(null);
  const [professionId, setProfessionId] = useState<string | null>(null);
  const [regionId, setRegionId] = useState<string | null>(null);
  const [orderBy, setOrderBy] = useState<DirectoryOrder>('NAME');
  const filter: MemberDirectoryFilter = {
    ...(debounced ? { search: debounced } : {}),
    ...(role ? { role: role as CommunityRole } : {}),
    ...(participantType ? { participantType: participantType as ParticipantType } : {}),
    ...(professionId ? { professionId } : {}),
    ...(regionId ? { regionId } : {}),
  };
  const { data, previousData, error, loading, refetch, fetchMore } = useQuery(DIRECTORY, {
    variables: { id: community.id, networkId: community.network.id, filter, orderBy },
    notifyOnNetworkStatusChange: true,
  });
  const shown = data ?? previousData;
  const connection = shown?.community?.members;
  const zone = community.network.timeZone;
  const vocabulary = (terms: { id: string; label: string }[] | undefined) => (terms ?? []).map((term) => ({ value: term.id, label: term.label }));
  return (
    <Stack>
      <Group align="flex-end" wrap="wrap">
        <TextInput label="Search by name or handle" value={search} onChange={(event) => setSearch(event.currentTarget.value)} w={240} type="search" />
        <Select label="Role" placeholder="Any role" data={ROLE_OPTIONS} value={role} onChange={setRole} clearable w={160} />
        <Select label="Participant type" placeholder="Any type" data={PARTICIPANT_TYPE_OPTIONS} value={participantType} onChange={setParticipantType} clearable w={220} />
        <Select label="Profession" placeholder="Any profession" data={vocabulary(shown?.network?.professions)} value={professionId} onChange={setProfessionId} clearable searchable w={200} />
        <Select label="Region" placeholder="Any region" data={vocabulary(shown?.network?.regions)} value={regionId} onChange={setRegionId} clearable searchable w={200} />
        <Select label="Order" data={ORDER_OPTIONS} value={orderBy} onChange={(value) => value && setOrderBy(value as DirectoryOrder)} allowDeselect={false} w={200} />
      </Group>
      {error && !connection ? (
        <QueryError error={error} onRetry={() => refetch()} />
      ) : !connection ? (
        <ListSkeleton label="Loading members" />
      ) : connection.edges.length === 0 ? (
        <Empty>No members match these filters.</Empty>
      ) : (
        <>
          <Text size="sm" aria-live="polite">
            {loading ? 'Updating…' : `${connection.totalCount} member${connection.totalCount === 1 ? '' : 's'}`}
          </Text>
          <RecordTable minWidth={760} caption="Active members" columns={['Name', 'Role', 'Participant type', 'Profession', 'Region', 'Joined', community.viewerCan.coordinate && 'Actions']} highlightOnHover>
            {connection.edges.map(({ node }) => (
              <Table.Tr key={node.id}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {node.member.displayName}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {[node.member.handle && `@${node.member.handle}`, node.member.email].filter(Boolean).join(' · ')}
                  </Text>
                </Table.Td>
                <Table.Td>{roleLabel(node.role)}</Table.Td>
                <Table.Td>{participantTypeLabel(node.member.participantType) ?? '—'}</Table.Td>
                <Table.Td>{node.profession?.label ?? '—'}</Table.Td>
                <Table.Td>{node.region?.label ?? '—'}</Table.Td>
                <Table.Td>{formatDate(node.joinedAt, zone)}</Table.Td>
                {community.viewerCan.coordinate && (
                  <Table.Td>
                    <MemberActions communityId={community.id} member={node.member} role={node.role} onChanged={() => refetch()} />
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </RecordTable>
          <LoadMore pageInfo={connection.pageInfo} fetchMore={(after) => fetchMore({ variables: { after } })} />
        </>
      )}
    </Stack>
  );
}

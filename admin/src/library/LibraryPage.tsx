import { useQuery } from '@apollo/client/react';
import { Tabs, Text } from '@mantine/core';
import { useNavigate, useParams } from 'react-router';
import { NoAdminRights } from '../app/NoAdminRights';
import { graphql } from '../gql';
import { PageTitle } from '../ui/PageTitle';
import { QueryError } from '../ui/QueryError';
import { ListSkeleton } from '../ui/States';
import { BrokenLinks } from './BrokenLinks';
import { Collections } from './Collections';
import { CurationQueue } from './CurationQueue';
import { FeaturedResources } from './FeaturedResources';
import { Tags } from './Tags';

export const LIBRARY_PAGE = graphql(`
  query LibraryPage($id: ID!) {
    community(id: $id) {
      id
      name
      network {
        id
        timeZone
      }
      viewerCan {
        moderate
        coordinate
      }
      librarySettings {
        curated
      }
    }
  }
`);

const TABS = [
  { value: 'queue', label: 'Curation queue', coordinatorsOnly: false },
  { value: 'featured', label: 'Featured', coordinatorsOnly: true },
  { value: 'collections', label: 'Collections', coordinatorsOnly: true },
  { value: 'tags', label: 'Tags', coordinatorsOnly: true },
  { value: 'broken-links', label: 'Broken links', coordinatorsOnly: false },
];

/** Library curation for one community: submissions and broken links for curators; featuring, collections and tags for coordinators. */
export default function LibraryPage() {
  const { communityId = '', '*': rest = '' } = useParams();
  const navigate = useNavigate();
  const { data, error, loading, refetch } = useQuery(LIBRARY_PAGE, { variables: { id: communityId } });
  const community = data?.community;
  const title = community ? `Library: ${community.name}` : 'Library';
  if (error && !community) {
    return (
      <>
        <PageTitle title="Library">Library</PageTitle>
        <QueryError error={error} onRetry={() => refetch()} />
      </>
    );
  }
  if (loading && !community) {
    return (
      <>
        <PageTitle title="Library">Library</PageTitle>
        <ListSkeleton label="Loading the library" />
      </>
    );
  }
  // Curators are the community's moderators and coordinators (and network admins), which `moderate` covers.
  if (!community || !community.viewerCan.moderate) return <NoAdminRights where={community?.name ?? 'this community'} />;
  const tabs = TABS.filter((tab) => !tab.coordinatorsOnly || community.viewerCan.coordinate);
  const current = tabs.find((tab) => tab.value === rest)?.value ?? 'queue';
  const zone = community.network.timeZone;
  const go = (value: string | null) => void navigate(`/communities/${community.id}/library${value && value !== 'queue' ? `/${value}` : ''}`);
  return (
    <>
      <PageTitle title={title}>{title}</PageTitle>
      <Text c="dimmed" mb="md">
        Times are in the network&apos;s time zone.
      </Text>
      <Tabs value={current} onChange={go} keepMounted={false}>
        <Tabs.List mb="md">
          {tabs.map((tab) => (
            <Tabs.Tab key={tab.value} value={tab.value}>
              {tab.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="queue">
          <CurationQueue communityId={community.id} timeZone={zone} curated={community.librarySettings?.curated ?? null} canCoordinate={community.viewerCan.coordinate} />
        </Tabs.Panel>
        <Tabs.Panel value="broken-links">
          <BrokenLinks communityId={community.id} networkId={community.network.id} timeZone={zone} />
        </Tabs.Panel>
        {community.viewerCan.coordinate && (
          <>
            <Tabs.Panel value="featured">
              <FeaturedResources communityId={community.id} timeZone={zone} />
            </Tabs.Panel>
            <Tabs.Panel value="collections">
              <Collections communityId={community.id} />
            </Tabs.Panel>
            <Tabs.Panel value="tags">
              <Tags communityId={community.id} />
            </Tabs.Panel>
          </>
        )}
      </Tabs>
    </>
  );
}

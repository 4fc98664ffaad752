import { Tabs } from '@mantine/core';
import { useNavigate, useParams } from 'react-router';
import { CommunityScreen } from '../community/CommunityScreen';
import { BrokenLinks } from './BrokenLinks';
import { Collections } from './Collections';
import { CurationQueue } from './CurationQueue';
import { FeaturedResources } from './FeaturedResources';
import { Tags } from './Tags';

const TABS = [
  { value: 'queue', label: 'Curation queue', coordinatorsOnly: false },
  { value: 'featured', label: 'Featured', coordinatorsOnly: true },
  { value: 'collections', label: 'Collections', coordinatorsOnly: true },
  { value: 'tags', label: 'Tags', coordinatorsOnly: true },
  { value: 'broken-links', label: 'Broken links', coordinatorsOnly: false },
];

/**
 * Library curation for one community: submissions and broken links for its curators (moderators,
 * coordinators and network admins, which `moderate` covers); featuring, collections and tags for coordinators.
 */
export default function LibraryPage() {
  const { '*': rest = '' } = useParams();
  const navigate = useNavigate();
  return (
    <CommunityScreen title="Library" allowed={(can) => can.moderate}>
      {(community) => {
        const tabs = TABS.filter((tab) => !tab.coordinatorsOnly || community.viewerCan.coordinate);
        const current = tabs.find((tab) => tab.value === rest)?.value ?? 'queue';
        const zone = community.network.timeZone;
        return (
          <Tabs value={current} onChange={(value) => void navigate(`/communities/${community.id}/library${value && value !== 'queue' ? `/${value}` : ''}`)} keepMounted={false}>
            <Tabs.List mb="md">
              {tabs.map((tab) => (
                <Tabs.Tab key={tab.value} value={tab.value}>
                  {tab.label}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            <Tabs.Panel value="queue">
              <CurationQueue communityId={community.id} timeZone={zone} canCoordinate={community.viewerCan.coordinate} />
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
        );
      }}
    </CommunityScreen>
  );
}

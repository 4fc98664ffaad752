import { CommunityScreen } from '../community/CommunityScreen';
import { SectionTabs, type SectionTab } from '../community/SectionTabs';
import { BrokenLinks } from './BrokenLinks';
import { Collections } from './Collections';
import { CurationQueue } from './CurationQueue';
import { FeaturedResources } from './FeaturedResources';
import { Tags } from './Tags';

const TABS: SectionTab[] = [
  {
    value: 'queue',
    label: 'Curation queue',
    coordinatorsOnly: false,
    panel: (community) => <CurationQueue communityId={community.id} timeZone={community.network.timeZone} canCoordinate={community.viewerCan.coordinate} />,
  },
  { value: 'featured', label: 'Featured', coordinatorsOnly: true, panel: (community) => <FeaturedResources communityId={community.id} timeZone={community.network.timeZone} /> },
  { value: 'collections', label: 'Collections', coordinatorsOnly: true, panel: (community) => <Collections communityId={community.id} /> },
  { value: 'tags', label: 'Tags', coordinatorsOnly: true, panel: (community) => <Tags communityId={community.id} /> },
  {
    value: 'broken-links',
    label: 'Broken links',
    coordinatorsOnly: false,
    panel: (community) => <BrokenLinks communityId={community.id} networkId={community.network.id} timeZone={community.network.timeZone} />,
  },
];

/**
 * Library curation for one community: submissions and broken links for its curators (moderators,
 * coordinators and network admins, which `moderate` covers); featuring, collections and tags for coordinators.
 */
export default function LibraryPage() {
  return (
    <CommunityScreen title="Library" allowed={(can) => can.moderate}>
      {(community) => <SectionTabs community={community} section="library" tabs={TABS} />}
    </CommunityScreen>
  );
}

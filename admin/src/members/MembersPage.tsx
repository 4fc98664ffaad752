import { Tabs } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { CommunityScreen } from '../community/CommunityScreen';
import { Directory } from './Directory';
import { Engagement } from './Engagement';
import { History } from './History';

const TABS = ['directory', 'engagement', 'history'] as const;

export default function MembersPage() {
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((value) => value === params.get('tab')) ?? 'directory';
  return (
    <CommunityScreen title="Members" allowed={(can) => can.coordinate}>
      {(community) => (
        <Tabs value={tab} onChange={(value) => setParams(value && value !== 'directory' ? { tab: value } : {}, { replace: true })} keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="directory">Directory</Tabs.Tab>
            <Tabs.Tab value="engagement">Engagement</Tabs.Tab>
            <Tabs.Tab value="history">History</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="directory">
            <Directory community={community} />
          </Tabs.Panel>
          <Tabs.Panel value="engagement">
            <Engagement community={community} />
          </Tabs.Panel>
          <Tabs.Panel value="history">
            <History community={community} />
          </Tabs.Panel>
        </Tabs>
      )}
    </CommunityScreen>
  );
}

import { Tabs } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { CommunityScreen } from '../community/CommunityScreen';
import { DecidedRequests } from './DecidedRequests';
import { Invitations } from './Invitations';
import { PendingRequests } from './PendingRequests';

const TABS = ['pending', 'decided', 'invitations'] as const;

export default function JoinRequestsPage() {
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((value) => value === params.get('tab')) ?? 'pending';
  return (
    <CommunityScreen title="Join requests" allowed={(can) => can.coordinate}>
      {(community) => (
        <Tabs value={tab} onChange={(value) => setParams(value && value !== 'pending' ? { tab: value } : {}, { replace: true })} keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="pending">Waiting</Tabs.Tab>
            <Tabs.Tab value="decided">Decided</Tabs.Tab>
            <Tabs.Tab value="invitations">Invitations</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="pending">
            <PendingRequests community={community} />
          </Tabs.Panel>
          <Tabs.Panel value="decided">
            <DecidedRequests community={community} />
          </Tabs.Panel>
          <Tabs.Panel value="invitations">
            <Invitations community={community} />
          </Tabs.Panel>
        </Tabs>
      )}
    </CommunityScreen>
  );
}

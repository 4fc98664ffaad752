import { useQuery } from '@apollo/client/react';
import { Tabs, Text } from '@mantine/core';
import { useNavigate, useParams } from 'react-router';
import { CommunityScreen } from '../community/CommunityScreen';
import { graphql } from '../gql';
import { QueryError } from '../ui/QueryError';
import { ListSkeleton } from '../ui/States';
import { AuditLog } from './AuditLog';
import { ModerationQueue } from './ModerationQueue';
import { PreModerationForm } from './PreModerationForm';

export const DISCUSSION_SETTINGS = graphql(`
  query DiscussionSettings($id: ID!) {
    community(id: $id) {
      id
      discussionSettings {
        preModerationHeldPosts
      }
    }
  }
`);

function PreModeration({ communityId }: { communityId: string }) {
  const { data, error, loading, refetch } = useQuery(DISCUSSION_SETTINGS, { variables: { id: communityId } });
  if (error && !data) return <QueryError error={error} onRetry={() => refetch()} />;
  if (loading && !data) return <ListSkeleton rows={1} label="Loading the discussion settings" />;
  return <PreModerationForm communityId={communityId} heldPosts={data?.community?.discussionSettings?.preModerationHeldPosts ?? null} />;
}

const TABS = [
  { value: 'queue', label: 'Queue', coordinatorsOnly: false },
  { value: 'audit-log', label: 'Audit log', coordinatorsOnly: true },
  { value: 'settings', label: 'Pre-moderation', coordinatorsOnly: true },
];

/** Discussion moderation for one community: the queue for moderators, plus the audit log and pre-moderation for coordinators. */
export default function ModerationPage() {
  const { '*': rest = '' } = useParams();
  const navigate = useNavigate();
  return (
    <CommunityScreen title="Moderation" allowed={(can) => can.moderate}>
      {(community) => {
        const tabs = TABS.filter((tab) => !tab.coordinatorsOnly || community.viewerCan.coordinate);
        const current = tabs.find((tab) => tab.value === rest)?.value ?? 'queue';
        const zone = community.network.timeZone;
        return (
          <>
            <Tabs value={current} onChange={(value) => void navigate(`/communities/${community.id}/moderation${value && value !== 'queue' ? `/${value}` : ''}`)} keepMounted={false}>
              <Tabs.List mb="md">
                {tabs.map((tab) => (
                  <Tabs.Tab key={tab.value} value={tab.value}>
                    {tab.label}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
              <Tabs.Panel value="queue">
                <Text mb="md">Posts held for approval or reported by members, oldest first.</Text>
                <ModerationQueue communityId={community.id} timeZone={zone} />
              </Tabs.Panel>
              {community.viewerCan.coordinate && (
                <>
                  <Tabs.Panel value="audit-log">
                    <AuditLog communityId={community.id} timeZone={zone} />
                  </Tabs.Panel>
                  <Tabs.Panel value="settings">
                    <PreModeration communityId={community.id} />
                  </Tabs.Panel>
                </>
              )}
            </Tabs>
          </>
        );
      }}
    </CommunityScreen>
  );
}

import { useQuery } from '@apollo/client/react';
import { Text } from '@mantine/core';
import { CommunityScreen } from '../community/CommunityScreen';
import { SectionTabs, type SectionTab } from '../community/SectionTabs';
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

const TABS: SectionTab[] = [
  {
    value: 'queue',
    label: 'Queue',
    coordinatorsOnly: false,
    panel: (community) => (
      <>
        <Text mb="md">Posts held for approval or reported by members, oldest first.</Text>
        <ModerationQueue communityId={community.id} timeZone={community.network.timeZone} />
      </>
    ),
  },
  { value: 'audit-log', label: 'Audit log', coordinatorsOnly: true, panel: (community) => <AuditLog communityId={community.id} timeZone={community.network.timeZone} /> },
  { value: 'settings', label: 'Pre-moderation', coordinatorsOnly: true, panel: (community) => <PreModeration communityId={community.id} /> },
];

/** Discussion moderation for one community: the queue for moderators, plus the audit log and pre-moderation for coordinators. */
export default function ModerationPage() {
  return (
    <CommunityScreen title="Moderation" allowed={(can) => can.moderate}>
      {(community) => <SectionTabs community={community} section="moderation" tabs={TABS} />}
    </CommunityScreen>
  );
}

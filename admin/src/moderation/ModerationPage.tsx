import { useQuery } from '@apollo/client/react';
import { Tabs, Text } from '@mantine/core';
import { useNavigate, useParams } from 'react-router';
import { NoAdminRights } from '../app/NoAdminRights';
import { graphql } from '../gql';
import { PageTitle } from '../ui/PageTitle';
import { QueryError } from '../ui/QueryError';
import { ListSkeleton } from '../ui/States';
import { AuditLog } from './AuditLog';
import { ModerationQueue } from './ModerationQueue';
import { PreModerationForm } from './PreModerationForm';

export const MODERATION_PAGE = graphql(`
  query ModerationPage($id: ID!) {
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
      discussionSettings {
        preModerationHeldPosts
      }
    }
  }
`);

const TABS = [
  { value: 'queue', label: 'Queue' },
  { value: 'audit-log', label: 'Audit log', coordinatorsOnly: true },
  { value: 'settings', label: 'Pre-moderation', coordinatorsOnly: true },
] as const;

/** Discussion moderation for one community: the queue for moderators, plus the audit log and pre-moderation for coordinators. */
export default function ModerationPage() {
  const { communityId = '', '*': rest = '' } = useParams();
  const navigate = useNavigate();
  const { data, error, loading, refetch } = useQuery(MODERATION_PAGE, { variables: { id: communityId } });
  const community = data?.community;
  const title = community ? `Moderation: ${community.name}` : 'Moderation';
  if (error && !community) {
    return (
      <>
        <PageTitle title="Moderation">Moderation</PageTitle>
        <QueryError error={error} onRetry={() => refetch()} />
      </>
    );
  }
  if (loading && !community) {
    return (
      <>
        <PageTitle title="Moderation">Moderation</PageTitle>
        <ListSkeleton label="Loading moderation" />
      </>
    );
  }
  if (!community || !community.viewerCan.moderate) return <NoAdminRights where={community?.name ?? 'this community'} />;
  const tabs = TABS.filter((tab) => !('coordinatorsOnly' in tab) || community.viewerCan.coordinate);
  const current = tabs.find((tab) => tab.value === rest)?.value ?? 'queue';
  const zone = community.network.timeZone;
  return (
    <>
      <PageTitle title={title}>{title}</PageTitle>
      <Text c="dimmed" mb="md">
        Posts held for approval or reported by members, oldest first. Times are in the network&apos;s time zone.
      </Text>
      <Tabs value={current} onChange={(value) => void navigate(`/communities/${community.id}/moderation${value && value !== 'queue' ? `/${value}` : ''}`)} keepMounted={false}>
        <Tabs.List mb="md">
          {tabs.map((tab) => (
            <Tabs.Tab key={tab.value} value={tab.value}>
              {tab.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="queue">
          <ModerationQueue communityId={community.id} timeZone={zone} />
        </Tabs.Panel>
        {community.viewerCan.coordinate && (
          <>
            <Tabs.Panel value="audit-log">
              <AuditLog communityId={community.id} timeZone={zone} />
            </Tabs.Panel>
            <Tabs.Panel value="settings">
              <PreModerationForm communityId={community.id} heldPosts={community.discussionSettings?.preModerationHeldPosts ?? null} />
            </Tabs.Panel>
          </>
        )}
      </Tabs>
    </>
  );
}

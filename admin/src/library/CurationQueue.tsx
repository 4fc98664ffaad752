import { useMutation, useQuery } from '@apollo/client/react';
import { Button, Card, Group, Stack, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import { graphql } from '../gql';
import { LoadMore } from '../ui/LoadMore';
import { notifyError, notifySuccess } from '../ui/notify';
import { QueryError } from '../ui/QueryError';
import { ReasonDialog } from '../ui/ReasonDialog';
import { Empty, ListSkeleton } from '../ui/States';
import { settleSubmission } from './cache';
import { ResourceSummary } from './ResourceSummary';

export const CURATION_QUEUE = graphql(`
  query CurationQueue($id: ID!, $after: String) {
    community(id: $id) {
      id
      librarySettings {
        curated
      }
      libraryCurationQueue(first: 20, after: $after) {
        edges {
          cursor
          node {
            id
            title
            ...ResourceSummary
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

const APPROVE_RESOURCE = graphql(`
  mutation ApproveResource($input: ResourceReferenceInput!) {
    approveResource(input: $input) {
      resource {
        id
        status
        reviewedAt
      }
    }
  }
`);

const REJECT_RESOURCE = graphql(`
  mutation RejectResource($input: RejectResourceInput!) {
    rejectResource(input: $input) {
      resource {
        id
        status
        rejectionReason
        reviewedAt
      }
    }
  }
`);

const SET_CURATED = graphql(`
  mutation SetLibraryCurated($input: UpdateLibrarySettingsInput!) {
    updateLibrarySettings(input: $input) {
      community {
        id
        librarySettings {
          curated
        }
      }
    }
  }
`);

function CuratedSwitch({ communityId, curated }: { communityId: string; curated: boolean }) {
  const [save, { loading }] = useMutation(SET_CURATED);
  return (
    <Switch
      mb="md"
      label="Members' submissions wait for a curator's approval"
      checked={curated}
      disabled={loading}
      onChange={(event) => {
        const next = event.currentTarget.checked;
        save({ variables: { input: { communityId, curated: next } } })
          .then(() => notifySuccess(next ? 'Submissions now wait for approval.' : 'Submissions are now published straight away.'))
          .catch(notifyError);
      }}
    />
  );
}

/** One submission, with approve and reject. */
export function CurationCard({ communityId, resource, timeZone }: { communityId: string; resource: { id: string; title: string } & Parameters<typeof ResourceSummary>[0]['resource']; timeZone: string }) {
  const [rejecting, setRejecting] = useState(false);
  const [approve, { loading: approving }] = useMutation(APPROVE_RESOURCE);
  const [reject] = useMutation(REJECT_RESOURCE);
  const headingId = `submission-${resource.id}`;
  return (
    <Card withBorder padding="lg" component="article" aria-labelledby={headingId}>
      <ResourceSummary resource={resource} timeZone={timeZone} headingId={headingId} />
      <Group gap="xs" mt="md">
        <Button
          loading={approving}
          aria-label={`Approve “${resource.title}”`}
          onClick={() => {
            approve({ variables: { input: { resourceId: resource.id } }, update: (cache) => settleSubmission(cache, communityId, resource.id) })
              .then(() => notifySuccess(`“${resource.title}” is published in the library.`))
              .catch(notifyError);
          }}
        >
          Approve
        </Button>
        <Button color="red" variant="outline" aria-label={`Reject “${resource.title}”`} onClick={() => setRejecting(true)}>
          Reject
        </Button>
      </Group>
      <ReasonDialog
        opened={rejecting}
        title="Reject this submission?"
        message={`“${resource.title}” won't be published. Its contributor reads your reason and can edit and resubmit it.`}
        confirmLabel="Reject"
        reasonDescription="The contributor sees this."
        onClose={() => setRejecting(false)}
        onSubmit={async (reason) => {
          await reject({ variables: { input: { resourceId: resource.id, reason } }, update: (cache) => settleSubmission(cache, communityId, resource.id) });
          notifySuccess(`“${resource.title}” is rejected.`);
        }}
      />
    </Card>
  );
}

export function CurationQueue({ communityId, timeZone, canCoordinate }: { communityId: string; timeZone: string; canCoordinate: boolean }) {
  const { data, error, loading, refetch, fetchMore } = useQuery(CURATION_QUEUE, { variables: { id: communityId } });
  const queue = data?.community?.libraryCurationQueue;
  const curated = data?.community?.librarySettings?.curated ?? null;
  return (
    <>
      {canCoordinate && curated !== null && <CuratedSwitch communityId={communityId} curated={curated} />}
      {!canCoordinate && curated === false && (
        <Text size="sm" c="dimmed" mb="md">
          This library doesn&apos;t curate submissions: members&apos; resources are published straight away.
        </Text>
      )}
      {error && !queue ? (
        <QueryError error={error} onRetry={() => refetch()} />
      ) : loading && !queue ? (
        <ListSkeleton label="Loading submissions" />
      ) : !queue || queue.edges.length === 0 ? (
        <Empty>No submissions wait for curation.</Empty>
      ) : (
        <>
          <Stack gap="md">
            {queue.edges.map(({ node }) => (
              <CurationCard key={node.id} communityId={communityId} resource={node} timeZone={timeZone} />
            ))}
          </Stack>
          <LoadMore pageInfo={queue.pageInfo} fetchMore={(after) => fetchMore({ variables: { after } })} label="More submissions" />
        </>
      )}
    </>
  );
}

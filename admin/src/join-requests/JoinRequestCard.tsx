import { Badge, Button, Card, Checkbox, Group, Stack, Text, Title } from '@mantine/core';
import { graphql, getFragmentData, type FragmentType } from '../gql';
import { DateTime } from '../ui/DateTime';
import { participantTypeLabel } from '../ui/labels';

export const PENDING_JOIN_REQUEST = graphql(`
  fragment PendingJoinRequest on JoinRequest {
    id
    createdAt
    message
    answers {
      questionId
      prompt
      answer
    }
    member {
      id
      displayName
      handle
      email
      participantType
      organisation
      networkProfile(networkId: $networkId) {
        profession {
          id
          label
        }
        region {
          id
          label
        }
      }
    }
  }
`);

/** A request waiting for a decision, with everything the applicant told the community. */
export function JoinRequestCard(props: {
  request: FragmentType<typeof PENDING_JOIN_REQUEST>;
  timeZone: string;
  selected: boolean;
  busy: boolean;
  onSelect: (selected: boolean) => void;
  onApprove: () => void;
  onDecline: () => void;
}) {
  const request = getFragmentData(PENDING_JOIN_REQUEST, props.request);
  const { member } = request;
  const profile = member.networkProfile;
  const headingId = `request-${request.id}`;
  const details = [participantTypeLabel(member.participantType), profile?.profession?.label, profile?.region?.label, member.organisation].filter(Boolean);
  return (
    <Card withBorder component="article" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start">
          <Group align="flex-start" gap="sm">
            <Checkbox mt={4} checked={props.selected} onChange={(event) => props.onSelect(event.currentTarget.checked)} aria-label={`Select ${member.displayName}`} />
            <div>
              <Title order={3} size="h4" id={headingId}>
                {member.displayName}
              </Title>
              <Text size="sm" c="dimmed">
                {[member.handle && `@${member.handle}`, member.email].filter(Boolean).join(' · ')}
              </Text>
            </div>
          </Group>
          <Text size="sm" c="dimmed">
            Asked <DateTime value={request.createdAt} timeZone={props.timeZone} />
          </Text>
        </Group>
        {details.length > 0 && (
          <Group gap={6}>
            {details.map((detail) => (
              <Badge key={detail} variant="default">
                {detail}
              </Badge>
            ))}
          </Group>
        )}
        {request.answers.length > 0 && (
          <dl style={{ margin: 0 }}>
            {request.answers.map((answer) => (
              <div key={answer.questionId}>
                <Text component="dt" size="sm" fw={600}>
                  {answer.prompt}
                </Text>
                <Text component="dd" size="sm" ml={0} mb={6}>
                  {answer.answer}
                </Text>
              </div>
            ))}
          </dl>
        )}
        {request.message && (
          <Text size="sm">
            <Text span fw={600}>
              Message:{' '}
            </Text>
            {request.message}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onDecline} disabled={props.busy} aria-label={`Decline ${member.displayName}`}>
            Decline
          </Button>
          <Button onClick={props.onApprove} loading={props.busy} aria-label={`Approve ${member.displayName}`}>
            Approve
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

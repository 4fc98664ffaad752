import { useMutation, useQuery } from '@apollo/client/react';
import { Text } from '@mantine/core';
import { graphql } from '../gql';
import { PageTitle } from '../ui/PageTitle';
import { QueryError } from '../ui/QueryError';
import { ListSkeleton } from '../ui/States';
import { NotificationSettingsForm } from './NotificationSettingsForm';

export const NOTIFICATION_SETTINGS_PAGE = graphql(`
  query NotificationSettingsPage {
    me {
      memberId
      notificationPreferences {
        ...NotificationSettings
      }
    }
  }
`);

export const UPDATE_NOTIFICATION_PREFERENCES = graphql(`
  mutation UpdateNotificationPreferences($input: UpdateNotificationPreferencesInput!) {
    updateNotificationPreferences(input: $input) {
      preferences {
        ...NotificationSettings
      }
    }
  }
`);

const TITLE = 'Notification settings';

/** The signed-in person's own settings: any member may have them, so no role is needed here. */
export default function NotificationSettingsPage() {
  const { data, loading, error, refetch } = useQuery(NOTIFICATION_SETTINGS_PAGE, { errorPolicy: 'all' });
  const [save] = useMutation(UPDATE_NOTIFICATION_PREFERENCES);
  const preferences = data?.me?.notificationPreferences;
  return (
    <>
      <PageTitle title={TITLE}>{TITLE}</PageTitle>
      <Text c="dimmed" mb="md">
        What Praxis tells you about, and how. These are your own settings, for every community you belong to.
      </Text>
      {preferences ? (
        <NotificationSettingsForm preferences={preferences} onSave={(input) => save({ variables: { input } })} />
      ) : loading ? (
        <ListSkeleton label="Loading your notification settings" />
      ) : error ? (
        <QueryError error={error} onRetry={() => refetch()} />
      ) : (
        <Text>Your notification settings aren&apos;t available right now. Please try again shortly.</Text>
      )}
    </>
  );
}

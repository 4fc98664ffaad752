import { Alert, Text } from '@mantine/core';
import { PageTitle } from '../ui/PageTitle';

/** What a person without a coordinating, moderating or admin role sees: an explanation, never a broken screen. */
export function NoAdminRights({ where }: { where?: string }) {
  return (
    <>
      <PageTitle title="No admin rights here">No admin rights here</PageTitle>
      <Alert color="blue" title="Nothing to manage">
        <Text size="sm">
          {where
            ? `You don't coordinate or moderate ${where}, so there is nothing for you to manage here.`
            : "You don't coordinate or moderate any community, and you aren't an admin of a network, so there is nothing for you to manage here."}{' '}
          If you think you should have a role, ask a coordinator of your community or your network's admin.
        </Text>
      </Alert>
    </>
  );
}

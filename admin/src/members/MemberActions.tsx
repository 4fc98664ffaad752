import { useMutation } from '@apollo/client/react';
import { Button, Menu, Select } from '@mantine/core';
import { useState } from 'react';
import { graphql } from '../gql';
import type { CommunityRole } from '../gql/graphql';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ROLE_OPTIONS, roleLabel } from '../ui/labels';
import { notifyError, notifySuccess } from '../ui/notify';
import { ReasonDialog } from '../ui/ReasonDialog';

const CHANGE_ROLE = graphql(`
  mutation ChangeMemberRole($input: ChangeMemberRoleInput!) {
    changeMemberRole(input: $input) {
      membership {
        id
        role
      }
    }
  }
`);

const REMOVE = graphql(`
  mutation RemoveMember($input: ExcludeMemberInput!) {
    removeMember(input: $input) {
      membership {
        id
        status
      }
    }
  }
`);

const BAN = graphql(`
  mutation BanMember($input: ExcludeMemberInput!) {
    banMember(input: $input) {
      membership {
        id
        status
      }
    }
  }
`);

type Open = 'role' | 'remove' | 'ban' | null;

/** What a coordinator can do to one member: each behind a dialog, the irreversible ones with a reason. */
export function MemberActions({ communityId, member, role, onChanged }: { communityId: string; member: { id: string; displayName: string }; role: string; onChanged: () => unknown }) {
  const [open, setOpen] = useState<Open>(null);
  const [newRole, setNewRole] = useState<string>(role);
  const [changeRole, { loading: changing }] = useMutation(CHANGE_ROLE);
  const [remove] = useMutation(REMOVE);
  const [ban] = useMutation(BAN);
  const close = () => setOpen(null);
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button size="xs" variant="default" aria-label={`Actions for ${member.displayName}`}>
            Actions
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item
            onClick={() => {
              setNewRole(role);
              setOpen('role');
            }}
          >
            Change role…
          </Menu.Item>
          <Menu.Item onClick={() => setOpen('remove')}>Remove from community…</Menu.Item>
          <Menu.Item color="red.9" onClick={() => setOpen('ban')}>
            Ban…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <ConfirmDialog
        opened={open === 'role'}
        title={`Change ${member.displayName}'s role`}
        confirmLabel="Change role"
        danger={false}
        loading={changing}
        onClose={close}
        onConfirm={async () => {
          try {
            await changeRole({ variables: { input: { communityId, memberId: member.id, role: newRole as CommunityRole } } });
            notifySuccess(`${member.displayName} is now a ${roleLabel(newRole).toLowerCase()}.`);
            close();
            await onChanged();
          } catch (error) {
            notifyError(error);
          }
        }}
      >
        <Select label="New role" data={ROLE_OPTIONS} value={newRole} onChange={(value) => value && setNewRole(value)} allowDeselect={false} data-autofocus />
      </ConfirmDialog>
      <ReasonDialog
        opened={open === 'remove'}
        title={`Remove ${member.displayName}?`}
        message="They leave the community at once. They may ask to join again."
        reasonDescription="The member reads this. Up to 2,000 characters."
        confirmLabel="Remove member"
        onClose={close}
        onSubmit={async (reason) => {
          await remove({ variables: { input: { communityId, memberId: member.id, reason } } });
          notifySuccess(`Removed ${member.displayName}.`);
          await onChanged();
        }}
      />
      <ReasonDialog
        opened={open === 'ban'}
        title={`Ban ${member.displayName}?`}
        message="They lose access at once and cannot ask to join again until someone lifts the ban."
        reasonDescription="The member reads this. Up to 2,000 characters."
        confirmLabel="Ban member"
        onClose={close}
        onSubmit={async (reason) => {
          await ban({ variables: { input: { communityId, memberId: member.id, reason } } });
          notifySuccess(`Banned ${member.displayName}.`);
          await onChanged();
        }}
      />
    </>
  );
}

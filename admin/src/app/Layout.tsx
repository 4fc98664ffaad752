import { useApolloClient } from '@apollo/client/react';
import { AppShell, Burger, Button, Group, NavLink, Skeleton, Text, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { NavLink as RouterLink, Outlet, useNavigate, useParams } from 'react-router';
import { useCommunityHeader } from '../community/CommunityScreen';
import { SETTINGS_PATH } from '../notifications/paths';
import { NotificationsMenu } from '../notifications/NotificationsMenu';
import { useSession } from '../session/SessionContext';
import { notifyError } from '../ui/notify';
import classes from './Layout.module.css';

function CommunityNav({ communityId, onNavigate }: { communityId: string; onNavigate: () => void }) {
  const { data, loading } = useCommunityHeader(communityId);
  const community = data?.community;
  if (loading && !community) return <Skeleton height={120} mt="md" />;
  if (!community) return null;
  const base = `/communities/${community.id}`;
  const links = [
    { to: `${base}/join-requests`, label: 'Join requests', show: community.viewerCan.coordinate },
    { to: `${base}/members`, label: 'Members', show: community.viewerCan.coordinate },
    { to: `${base}/moderation`, label: 'Moderation', show: community.viewerCan.moderate },
    { to: `${base}/library`, label: 'Library', show: community.viewerCan.moderate },
  ].filter((link) => link.show);
  if (links.length === 0) return null;
  return (
    <nav aria-label={community.name}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="lg" mb={4} px="sm">
        {community.name}
      </Text>
      {links.map((link) => (
        <NavLink key={link.to} component={RouterLink} to={link.to} label={link.label} onClick={onNavigate} />
      ))}
    </nav>
  );
}

/** The shell of every signed-in screen: a skip link, the header, navigation that works by keyboard, and the page. */
export default function Layout() {
  const [opened, { toggle, close }] = useDisclosure();
  const { communityId } = useParams();
  const session = useSession();
  const navigate = useNavigate();
  const client = useApolloClient();
  const signOut = () => {
    session
      .signOut()
      .catch(notifyError)
      .finally(() => {
        void client.clearStore();
        void navigate('/sign-in?signedOut=1', { replace: true });
      });
  };
  return (
    <>
      <a href="#main" className={classes.skipLink}>
        Skip to main content
      </a>
      <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between">
            <Group>
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? 'Close navigation' : 'Open navigation'} />
              <Text fw={700} component="span">
                Praxis <VisuallyHidden>community</VisuallyHidden> admin
              </Text>
            </Group>
            <Group gap="sm">
              <NotificationsMenu />
              <Button
                variant="default"
                size="xs"
                onClick={signOut}
              >
                Sign out
              </Button>
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs" withBorder={false}>
          <nav aria-label="Main">
            <NavLink component={RouterLink} to="/" end label="Your communities" onClick={close} />
            <NavLink component={RouterLink} to={SETTINGS_PATH} label="Notification settings" onClick={close} />
          </nav>
          {communityId && <CommunityNav communityId={communityId} onNavigate={close} />}
        </AppShell.Navbar>
        <AppShell.Main id="main" tabIndex={-1} className={classes.main}>
          <Outlet />
        </AppShell.Main>
      </AppShell>
    </>
  );
}

import { Tabs } from '@mantine/core';
import type { ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { CommunityHeader } from './CommunityScreen';

export interface SectionTab {
  /** The path segment after the section; the first tab has none. */
  value: string;
  label: string;
  coordinatorsOnly: boolean;
  panel: (community: CommunityHeader) => ReactNode;
}

/**
 * The tabs of a community section (`/communities/:id/<section>/<tab>`): each tab has its own
 * URL, so a link or a reload opens it, and tabs for coordinators only are neither listed nor
 * rendered for anyone else.
 */
export function SectionTabs({ community, section, tabs }: { community: CommunityHeader; section: string; tabs: SectionTab[] }) {
  const { '*': rest = '' } = useParams();
  const navigate = useNavigate();
  const shown = tabs.filter((tab) => !tab.coordinatorsOnly || community.viewerCan.coordinate);
  const first = shown[0]!.value;
  const current = shown.find((tab) => tab.value === rest)?.value ?? first;
  const open = (value: string | null) => void navigate(`/communities/${community.id}/${section}${value && value !== first ? `/${value}` : ''}`);
  return (
    <Tabs value={current} onChange={open} keepMounted={false}>
      <Tabs.List mb="md">
        {shown.map((tab) => (
          <Tabs.Tab key={tab.value} value={tab.value}>
            {tab.label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {shown.map((tab) => (
        <Tabs.Panel key={tab.value} value={tab.value}>
          {tab.panel(community)}
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}

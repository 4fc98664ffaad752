import type { AsViewer, Result } from '@praxis/platform/testing';

export const FEED = `query ($r: [_Any!]!, $first: Int, $after: String, $unreadOnly: Boolean) {
  _entities(representations: $r) {
    ... on Viewer {
      notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
        unreadCount
        pageInfo { hasNextPage endCursor }
        nodes { id kind text actorName actor { id } community { id } read readAt occurredAt target { __typename ... on DiscussionThread { id } ... on Event { id } ... on Resource { id } ... on Community { id } } }
      }
    }
  }
}`;

export interface FeedNode {
  id: string;
  kind: string;
  text: string;
  actorName: string | null;
  actor: { id: string } | null;
  community: { id: string } | null;
  read: boolean;
  readAt: string | null;
  occurredAt: string;
  target: { __typename: string; id: string } | null;
}

export interface Feed {
  unreadCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: FeedNode[];
}

type Runner = { run<T>(query: string, variables?: Record<string, unknown>, viewer?: AsViewer): Promise<Result<T>> };

/** The member's feed as they would read it under `me`. */
export async function feedOf(t: Runner, member: { id: string }, args: { first?: number; after?: string | null; unreadOnly?: boolean } = {}): Promise<Feed> {
  const result = await t.run<{ _entities: { notifications: Feed }[] }>(FEED, { r: [{ __typename: 'Viewer', memberId: member.id }], ...args }, member);
  expect(result.errors).toBeUndefined();
  return result.data!._entities[0]!.notifications;
}

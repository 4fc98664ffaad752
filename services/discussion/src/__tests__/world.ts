import { loadServiceModules, type Viewer } from '@praxis/platform';
import { resetDatabase } from '@praxis/platform/testing';
import { startMembership, type RunningMembership } from '@praxis/membership';
import { MembershipFactories, membershipTestConfig } from '@praxis/membership/testing';
import { startDiscussion, type RunningDiscussion } from '../index';
import { DiscussionFactories, discussionTestConfig } from '../testing';

type Community = Awaited<ReturnType<MembershipFactories['community']>>;
type Person = Awaited<ReturnType<MembershipFactories['member']>>;

export interface GqlResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown>; path?: readonly (string | number)[] }[];
}

/** Membership and discussion in this process, on a clean database, with factories for both. */
export interface World {
  membership: RunningMembership;
  discussion: RunningDiscussion;
  people: MembershipFactories;
  talk: DiscussionFactories;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, viewer?: Viewer | { id: string }): Promise<GqlResult<T>>;
  /** A community with one person in every role a permission test needs. */
  cast(options?: { visibility?: 'PUBLIC' | 'MEMBERS_ONLY' }): Promise<Cast>;
  stop(): Promise<void>;
}

export interface Cast {
  community: Community;
  coordinator: Person;
  moderator: Person;
  member: Person;
  nonMember: Person;
  banned: Person;
  admin: Person;
  analyst: Person;
}

export async function startWorld(): Promise<World> {
  await resetDatabase(loadServiceModules());
  const membership = await startMembership(await membershipTestConfig());
  const discussion = await startDiscussion(await discussionTestConfig({ env: { MEMBERSHIP_INTERNAL_URL: membership.url } }));
  const people = new MembershipFactories(membership);
  const talk = new DiscussionFactories(discussion);
  return {
    membership,
    discussion,
    people,
    talk,
    gql: (query, variables, viewer) =>
      discussion.server.execute(query, variables, viewer && 'id' in viewer ? people.viewer(viewer.id) : (viewer as Viewer | undefined)) as never,
    async cast(options = {}) {
      const community = await people.community({ visibility: options.visibility ?? 'MEMBERS_ONLY' });
      const [moderator, member, banned, nonMember, analyst] = await Promise.all([
        people.memberOf(community, 'MODERATOR'),
        people.memberOf(community),
        people.memberOf(community),
        people.member(),
        people.member(),
      ]);
      await people.ban(community, banned);
      await membership.domain.networks.grantRole(people.viewer(community.network.admin), { networkId: community.network.id, memberId: analyst.id, role: 'ANALYST' });
      return { community, coordinator: community.coordinator, moderator, member, nonMember, banned, admin: community.network.admin, analyst };
    },
    async stop() {
      await discussion.stop();
      await membership.stop();
    },
  };
}

/** The error code of the first error, or 'OK'. */
export function outcome(result: GqlResult): string {
  return (result.errors?.[0]?.extensions?.code as string | undefined) ?? 'OK';
}

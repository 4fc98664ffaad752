import type { ViewerKind } from '@praxis/platform/testing';
import type { CommunityEntity, MemberEntity, NetworkEntity } from '../entities';
import type { MembershipFactories } from './factories';

type Community = CommunityEntity & { network: NetworkEntity & { admin: MemberEntity }; coordinator: MemberEntity };

/**
 * A community with one person of every kind an authorization test runs as. `anonymous` is null,
 * so `t.run(query, variables, cast[kind])` runs as any kind.
 */
export type Cast = { community: Community; anonymous: null } & Record<Exclude<ViewerKind, 'anonymous'>, MemberEntity>;

export interface CastOptions {
  visibility?: 'PUBLIC' | 'MEMBERS_ONLY';
  joinPolicy?: 'OPEN' | 'APPROVAL' | 'INVITATION';
  /** The same people in the same roles, in a new community of the same network. */
  like?: Cast;
}

/** The viewer kinds, made once: a members-only community unless told otherwise. */
export async function newCast(people: MembershipFactories, options: CastOptions = {}): Promise<Cast> {
  const settings = { visibility: options.visibility ?? 'MEMBERS_ONLY', joinPolicy: options.joinPolicy } as const;
  if (options.like) {
    const { like } = options;
    const community = await people.community({ ...settings, network: like.community.network, coordinator: like.coordinator });
    await people.join(community, like.member);
    await people.join(community, like.moderator, 'MODERATOR');
    await people.join(community, like.banned);
    await people.ban(community, like.banned);
    return { ...like, community };
  }
  const community = await people.community(settings);
  const [moderator, member, banned, nonMember, analyst] = await Promise.all([
    people.memberOf(community, 'MODERATOR'),
    people.memberOf(community),
    people.memberOf(community),
    people.member(),
    people.member(),
  ]);
  await people.ban(community, banned);
  const admin = community.network.admin;
  await people.domain.networks.grantRole(people.viewer(admin), { networkId: community.network.id, memberId: analyst.id, role: 'ANALYST' });
  return { community, anonymous: null, nonMember, member, moderator, coordinator: community.coordinator, admin, analyst, banned };
}

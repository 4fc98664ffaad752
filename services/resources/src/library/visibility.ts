import { errors, type Access, type CommunityAccess } from '@praxis/platform';
import type { ResourceEntity } from '../entities';
import type { ReadModel } from './read-model';
import { isUuid } from './validation';

/**
 * Who may see a resource. Shared network-wide: anyone. In a community: whoever may read the
 * community, once published; before that (or after a rejection) only its contributor and the
 * community's moderators, coordinators and network admins. Deleted: nobody.
 */
export function visibleTo(resource: ResourceEntity, rights: CommunityAccess | null, viewerId: string | null): boolean {
  if (resource.deletedAt) return false;
  if (resource.communityId === null) return true;
  if (!rights?.canRead) return false;
  if (resource.status === 'PUBLISHED') return true;
  return (viewerId !== null && resource.contributorId === viewerId) || rights.canModerate;
}

/**
 * The resource a signed-in viewer's mutation changes: anonymous is UNAUTHENTICATED first, and
 * a resource they may not see is NOT_FOUND (ADR 8); permission to change it is the caller's
 * next step, and the only FORBIDDEN.
 */
export async function requireResource(read: ReadModel, access: Access, id: string): Promise<ResourceEntity> {
  access.requireMember();
  return (await requireVisible(read, access, id)).resource;
}

/**
 * A resource the viewer may see. Unknown, malformed and deleted ids, a members-only
 * community's resources to outsiders, and one waiting for curation to anyone but its
 * contributor and curators are all NOT_FOUND, so that none of them leaks (ADR 8).
 */
export async function requireVisible(read: ReadModel, access: Access, id: string): Promise<{ resource: ResourceEntity; rights: CommunityAccess | null }> {
  const [resource] = isUuid(id) ? await read.resources([id]) : [null];
  if (!resource || resource.deletedAt) throw errors.notFound('Resource');
  const rights = resource.communityId ? await access.readOrNull(resource.communityId) : null;
  if (!visibleTo(resource, rights, access.viewer.memberId)) throw errors.notFound('Resource');
  return { resource, rights };
}

/**
 * Curating or coordinating a community's library: what membership says, live, and never in an
 * archived community, which stays readable but takes no more changes.
 */
export async function requireCommunityRole(access: Access, communityId: string, level: 'moderate' | 'coordinate'): Promise<CommunityAccess> {
  const rights = level === 'moderate' ? await access.requireModerate(communityId) : await access.requireCoordinate(communityId);
  if (rights.archived) throw errors.forbidden('This community is archived and read-only.', 'ARCHIVED');
  return rights;
}

/**
 * Editing and deleting: the contributor while an active member of the community, its
 * moderators and coordinators, and network admins; for shared resources, network admins.
 */
export async function requireEditor(access: Access, resource: ResourceEntity): Promise<void> {
  const memberId = access.requireMember();
  if (resource.communityId === null) {
    await access.requireNetworkAdmin(resource.networkId);
    return;
  }
  const rights = await access.requireRead(resource.communityId);
  if (rights.canModerate) {
    if (rights.archived) throw errors.forbidden('This community is archived and read-only.', 'ARCHIVED');
    return;
  }
  if (resource.contributorId !== memberId) throw errors.forbidden('Only its contributor and the community\'s curators can change this resource.');
  await access.requireParticipate(resource.communityId);
}

/** Curating: moderators, coordinators and network admins of the resource's community. */
export async function requireCurator(access: Access, resource: Pick<ResourceEntity, 'communityId' | 'networkId'>): Promise<void> {
  if (resource.communityId === null) await access.requireNetworkAdmin(resource.networkId);
  else await requireCommunityRole(access, resource.communityId, 'moderate');
}

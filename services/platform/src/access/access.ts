import DataLoader from 'dataloader';
import { errors, type DomainError } from '../errors/domain-error';
import type { Viewer } from '../identity/viewer';
import type { AccessSource, CommunityAccess, NetworkAccess } from './types';

import { ACCOUNT_DELETED_MESSAGE as ACCOUNT_DELETED } from './active-viewer';

export { activeViewerPlugin, deletedMemberBatcher } from './active-viewer';
export { ACCOUNT_DELETED };

/**
 * The per-request permission client every service uses. Lookups within one request are batched
 * into one call and cached for that request only, so a removal or ban takes effect on the
 * viewer's very next request.
 */
/**
 * Why the viewer may not take part in a community (post, react, contribute, register), or null
 * when they may. `requireParticipate` throws it; a `viewerCan…` field asks whether it is null.
 */
export function participationProblem(access: CommunityAccess): DomainError | null {
  if (access.canParticipate) return null;
  if (access.status === 'BANNED') return errors.forbidden('You are banned from this community.', 'BANNED');
  if (access.archived) return errors.forbidden('This community is archived.', 'ARCHIVED');
  return errors.forbidden('Only members of this community can do this.', 'NOT_A_MEMBER');
}

/**
 * A staff right refused: SECOND_FACTOR_REQUIRED when the viewer would hold it but for the
 * network's two-factor rule, so a front-end leads them to enrol; otherwise FORBIDDEN.
 */
export function staffRefusal(access: { secondFactorRequired?: boolean }, message: string): DomainError {
  return access.secondFactorRequired ? errors.secondFactorRequired() : errors.forbidden(message);
}

export class Access {
  private readonly communityLoader: DataLoader<string, CommunityAccess | null>;
  private readonly networkLoader: DataLoader<string, NetworkAccess | null>;
  private readable?: Promise<string[]>;
  private active?: Promise<void>;

  constructor(private readonly source: AccessSource, readonly viewer: Viewer) {
    this.communityLoader = new DataLoader((ids) => source.communities(viewer, ids));
    this.networkLoader = new DataLoader((ids) => source.networks(viewer, ids));
  }

  community(id: string): Promise<CommunityAccess | null> {
    return this.communityLoader.load(id);
  }

  communities(ids: readonly string[]): Promise<(CommunityAccess | null)[]> {
    return this.communityLoader.loadMany(ids).then((results) => results.map((result) => (result instanceof Error ? null : result)));
  }

  network(id: string): Promise<NetworkAccess | null> {
    return this.networkLoader.load(id);
  }

  /** Whether permission answers already refuse a deleted viewer, so queries need not ask apart. */
  get answersCarryDeletion(): boolean {
    return this.source.answersCarryDeletion;
  }

  readableCommunityIds(): Promise<string[]> {
    this.readable ??= this.source.readableCommunityIds(this.viewer);
    return this.readable;
  }

  /**
   * Refuses a viewer whose account was deleted after their token was issued, with a question of
   * its own (see activeViewerPlugin for when it is asked); an anonymous viewer costs nothing.
   */
  requireActiveViewer(): Promise<void> {
    const memberId = this.viewer.memberId;
    if (!memberId) return Promise.resolve();
    this.active ??= this.source.deletedMembers([memberId]).then((deleted) => {
      if (deleted.includes(memberId)) throw errors.unauthenticated(ACCOUNT_DELETED, 'ACCOUNT_DELETED');
    });
    return this.active;
  }

  requireMember(): string {
    if (!this.viewer.memberId) throw errors.unauthenticated();
    return this.viewer.memberId;
  }

  /**
   * The viewer's rights in a community whose content they may see, or null when it is unknown,
   * malformed or not theirs to see. Reads by id answer null on null (ADR 8), so that a
   * members-only thing and a missing one look the same.
   */
  async readOrNull(communityId: string): Promise<CommunityAccess | null> {
    const access = await this.community(communityId);
    return access?.canRead ? access : null;
  }

  /**
   * A mutation's target in a community whose content the viewer may not see is NOT_FOUND, like
   * an unknown one (ADR 8): FORBIDDEN would say that it exists. The caller checks sign-in first.
   */
  async requireVisible(communityId: string, what: string): Promise<CommunityAccess> {
    const access = await this.readOrNull(communityId);
    if (!access) throw errors.notFound(what);
    return access;
  }

  /** The community exists and its content is visible to the viewer. */
  async requireRead(communityId: string): Promise<CommunityAccess> {
    const access = await this.community(communityId);
    if (!access) throw errors.notFound('Community');
    if (!access.canRead) {
      if (!this.viewer.memberId) throw errors.unauthenticated('Sign in as a member of this community to see it.');
      throw errors.forbidden('Only members of this community can see this.', access.status === 'BANNED' ? 'BANNED' : 'NOT_A_MEMBER');
    }
    return access;
  }

  /** The viewer is an active member of an open (not archived) community. */
  async requireParticipate(communityId: string): Promise<CommunityAccess> {
    this.requireMember();
    const access = await this.community(communityId);
    if (!access) throw errors.notFound('Community');
    const problem = participationProblem(access);
    if (problem) throw problem;
    return access;
  }

  async requireModerate(communityId: string): Promise<CommunityAccess> {
    this.requireMember();
    const access = await this.community(communityId);
    if (!access) throw errors.notFound('Community');
    if (!access.canModerate) throw staffRefusal(access, 'Only moderators and coordinators can do this.');
    return access;
  }

  /** `refusal` says what was refused when "do this" would be vague, as for a read. */
  async requireCoordinate(communityId: string, refusal = 'Only coordinators of this community can do this.'): Promise<CommunityAccess> {
    this.requireMember();
    const access = await this.community(communityId);
    if (!access) throw errors.notFound('Community');
    if (!access.canCoordinate) throw staffRefusal(access, refusal);
    return access;
  }

  async requireNetworkAdmin(networkId: string): Promise<NetworkAccess> {
    this.requireMember();
    const access = await this.network(networkId);
    if (!access) throw errors.notFound('Network');
    if (!access.isAdmin) throw staffRefusal(access, 'Only network admins can do this.');
    return access;
  }
}

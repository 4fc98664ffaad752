import { errors } from '../errors/domain-error';
import type { InternalAuth } from '../identity/assertion';
import type { Viewer } from '../identity/viewer';
import { ACCOUNT_DELETED_MESSAGE, deletedMemberBatcher } from './active-viewer';
import { InternalClient, type InternalClientOptions } from './internal-client';
import type { AccessRequest, AccessResponse, AccessSource, CommunityAccess, DeletedMembersResponse, MemberCommunityPair, MembersCommunitiesAnswer, MembersCommunitiesRequest, NetworkAccess } from './types';

/** Where membership answers many members' access at once. */
export const MEMBERS_ACCESS_PATH = '/internal/access/members';

/** The most pairs membership answers in one call. */
const PAIRS_PER_CALL = 1000;

/**
 * Asks membership's internal API. One HTTP round trip per batch; keep-alive connections.
 * The call carries a service assertion, so membership answers only Praxis services.
 */
export class HttpAccessSource implements AccessSource {
  readonly answersCarryDeletion = true;
  private readonly client: InternalClient;
  private readonly isDeleted = deletedMemberBatcher(async (ids) => (await this.client.post<DeletedMembersResponse>('/internal/members/deleted', { ids })).deleted);

  constructor(membershipUrl: string, auth: InternalAuth, service: string, options: InternalClientOptions = {}) {
    this.client = new InternalClient(membershipUrl, auth, service, 32, options);
  }

  async communities(viewer: Viewer, ids: readonly string[]): Promise<(CommunityAccess | null)[]> {
    return (await this.call({ memberId: viewer.memberId, source: viewer.source, communities: [...ids] })).communities;
  }

  async networks(viewer: Viewer, ids: readonly string[]): Promise<(NetworkAccess | null)[]> {
    return (await this.call({ memberId: viewer.memberId, source: viewer.source, networks: [...ids] })).networks;
  }

  async readableCommunityIds(viewer: Viewer): Promise<string[]> {
    return (await this.call({ memberId: viewer.memberId, source: viewer.source, readable: true })).readable ?? [];
  }

  async deletedMembers(ids: readonly string[]): Promise<string[]> {
    const answers = await Promise.all(ids.map((id) => this.isDeleted(id)));
    return ids.filter((_id, index) => answers[index]);
  }

  async membersCommunities(pairs: readonly MemberCommunityPair[]): Promise<MembersCommunitiesAnswer> {
    const access: MembersCommunitiesAnswer['access'] = [];
    const deleted = new Set<string>();
    for (let start = 0; start < pairs.length; start += PAIRS_PER_CALL) {
      const body: MembersCommunitiesRequest = { pairs: pairs.slice(start, start + PAIRS_PER_CALL) };
      const part = await this.client.post<MembersCommunitiesAnswer>(MEMBERS_ACCESS_PATH, body);
      access.push(...part.access);
      for (const id of part.deleted) deleted.add(id);
    }
    return { access, deleted: [...deleted] };
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async call(body: AccessRequest): Promise<AccessResponse> {
    const response = await this.client.post<AccessResponse>('/internal/access', body);
    // Membership says so on every answer about a signed-in viewer, so a query from a deleted
    // account is refused by its first permission check, with no round trip of its own.
    if (response.viewerDeleted) throw errors.unauthenticated(ACCOUNT_DELETED_MESSAGE, 'ACCOUNT_DELETED');
    return response;
  }
}

import DataLoader from 'dataloader';
import { DomainError, memberViewer, type AccessSource, type CommunityAccess, type HttpMemberContacts, type MemberContact } from '@praxis/platform';

/**
 * Gathers the lookups of jobs running at the same moment into one call: the email queue works a
 * batch of jobs concurrently, and each job asks for its recipient's contact alone.
 * Nothing is cached beyond one tick, so every answer is live.
 */
export function gathering<K, V>(load: (keys: readonly K[]) => Promise<V[]>, cacheKeyFn?: (key: K) => unknown): DataLoader<K, V> {
  return new DataLoader(load, { cache: false, batchScheduleFn: (callback) => setTimeout(callback, 2), maxBatchSize: 1000, ...(cacheKeyFn ? { cacheKeyFn } : {}) });
}

export type CommunityAnswer = CommunityAccess | null | 'DELETED';

/** Batched, uncached lookups of contacts and recipients' live permissions. */
export class DeliveryLookups {
  private readonly contactLoader: DataLoader<string, MemberContact | null>;
  private readonly accessLoader: DataLoader<{ memberId: string; communityId: string }, CommunityAnswer>;

  constructor(contacts: HttpMemberContacts, access: AccessSource) {
    this.contactLoader = gathering(async (ids) => {
      const found = new Map((await contacts.byIds(ids)).map((contact) => [contact.memberId, contact]));
      return ids.map((id) => found.get(id) ?? null);
    });
    // Permissions are per viewer: one call per recipient, with all the communities its jobs ask about.
    this.accessLoader = gathering(
      async (keys) => {
        const byMember = new Map<string, string[]>();
        for (const { memberId, communityId } of keys) byMember.set(memberId, [...(byMember.get(memberId) ?? []), communityId]);
        const answers = new Map<string, CommunityAnswer>();
        await Promise.all(
          [...byMember].map(async ([memberId, communityIds]) => {
            const unique = [...new Set(communityIds)];
            const results = await communitiesOf(access, memberId, unique);
            unique.forEach((communityId, index) => answers.set(`${memberId}:${communityId}`, results === 'DELETED' ? 'DELETED' : (results[index] ?? null)));
          }),
        );
        return keys.map((key) => answers.get(`${key.memberId}:${key.communityId}`) ?? null);
      },
      (key) => `${key.memberId}:${key.communityId}`,
    );
  }

  contact(memberId: string): Promise<MemberContact | null> {
    return this.contactLoader.load(memberId);
  }

  contactsOf(memberIds: readonly string[]): Promise<(MemberContact | null)[]> {
    return Promise.all(memberIds.map((id) => this.contactLoader.load(id)));
  }

  community(memberId: string, communityId: string): Promise<CommunityAnswer> {
    return this.accessLoader.load({ memberId, communityId });
  }
}

/** The recipient's access as if they were signed in; 'DELETED' once their account is gone. */
export async function communitiesOf(access: AccessSource, memberId: string, communityIds: readonly string[]): Promise<(CommunityAccess | null)[] | 'DELETED'> {
  try {
    return await access.communities(recipientViewer(memberId), communityIds);
  } catch (error) {
    if (isAccountDeleted(error)) return 'DELETED';
    throw error;
  }
}

export function recipientViewer(memberId: string) {
  return { ...memberViewer(memberId), scopes: [] };
}

export function isAccountDeleted(error: unknown): boolean {
  return error instanceof DomainError && error.reason === 'ACCOUNT_DELETED';
}

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

  constructor(
    contacts: HttpMemberContacts,
    private readonly access: AccessSource,
  ) {
    this.contactLoader = gathering(async (ids) => {
      const found = new Map((await contacts.byIds(ids)).map((contact) => [contact.memberId, contact]));
      return ids.map((id) => found.get(id) ?? null);
    });
  }

  /** Contacts of a batch, by member id, in one call; unknown members are missing. */
  async contactsByIds(memberIds: readonly string[]): Promise<Map<string, MemberContact>> {
    const found = await Promise.all([...new Set(memberIds)].map((id) => this.contactLoader.load(id)));
    return new Map(found.filter((contact) => contact !== null).map((contact) => [contact.memberId, contact]));
  }

  /**
   * Live access of a batch's recipients. Permissions are per viewer, so each recipient is asked
   * once, about every community its emails concern; each answer is handed out as it comes, so
   * a recipient's email need not wait for the others' answers.
   */
  communities(pairs: readonly { memberId: string; communityId: string }[]): (memberId: string, communityId: string) => Promise<CommunityAnswer> {
    const byMember = new Map<string, Set<string>>();
    for (const { memberId, communityId } of pairs) byMember.set(memberId, (byMember.get(memberId) ?? new Set()).add(communityId));
    const answers = new Map(
      [...byMember].map(([memberId, ids]) => {
        const communityIds = [...ids];
        const answer = communitiesOf(this.access, memberId, communityIds).then(
          (results) => new Map<string, CommunityAnswer>(communityIds.map((id, index) => [id, results === 'DELETED' ? 'DELETED' : (results[index] ?? null)])),
        );
        // Awaited by the recipient's emails; one that is never asked for must not go unhandled.
        answer.catch(() => undefined);
        return [memberId, answer] as const;
      }),
    );
    return async (memberId, communityId) => (await answers.get(memberId))?.get(communityId) ?? null;
  }

  contactsOf(memberIds: readonly string[]): Promise<(MemberContact | null)[]> {
    return Promise.all(memberIds.map((id) => this.contactLoader.load(id)));
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

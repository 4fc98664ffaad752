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
   * Live access of a batch's recipients, each as if signed in: one call to membership, and one
   * statement there, however many recipients and communities the batch holds.
   */
  communities(pairs: readonly { memberId: string; communityId: string }[]): (memberId: string, communityId: string) => Promise<CommunityAnswer> {
    const unique = [...new Map(pairs.map((pair) => [`${pair.memberId}:${pair.communityId}`, pair])).values()];
    const answers = (unique.length === 0 ? Promise.resolve({ access: [], deleted: [] }) : this.access.membersCommunities(unique)).then(({ access, deleted }) => {
      const gone = new Set(deleted);
      return new Map<string, CommunityAnswer>(unique.map((pair, index) => [`${pair.memberId}:${pair.communityId}`, gone.has(pair.memberId) ? 'DELETED' : (access[index] ?? null)]));
    });
    // Awaited by the recipients' emails; a batch none of whose emails asks must not go unhandled.
    answers.catch(() => undefined);
    return async (memberId, communityId) => (await answers).get(`${memberId}:${communityId}`) ?? null;
  }

  contactsOf(memberIds: readonly string[]): Promise<(MemberContact | null)[]> {
    return Promise.all(memberIds.map((id) => this.contactLoader.load(id)));
  }
}

export function recipientViewer(memberId: string) {
  return { ...memberViewer(memberId), scopes: [] };
}

export function isAccountDeleted(error: unknown): boolean {
  return error instanceof DomainError && error.reason === 'ACCOUNT_DELETED';
}

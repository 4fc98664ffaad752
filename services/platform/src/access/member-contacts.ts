import type { InternalAuth } from '../identity/assertion';
import { InternalClient, type InternalClientOptions } from './internal-client';

/**
 * How to reach one member, as membership knows it at this moment. Addresses and names are
 * membership's data: a service that sends messages asks for them when it sends, and keeps none.
 */
export interface MemberContact {
  memberId: string;
  /** The member's @handle, without the @; null for an account without one. */
  handle: string | null;
  /** "Former member" for a deleted account. */
  displayName: string;
  /** The sign-in address; null for a deleted account. */
  email: string | null;
  emailVerified: boolean;
  deleted: boolean;
}

/** The body of membership's `/internal/members/contacts`: at most 1,000 ids and 1,000 handles. */
export interface MemberContactsRequest {
  ids?: string[];
  /** Handles, without the @, case-insensitive. */
  handles?: string[];
}

/** Every member asked about that exists (deleted ones included, by id); unknown ids and handles are left out. */
export interface MemberContactsResponse {
  members: MemberContact[];
}

export const MEMBER_CONTACTS_PATH = '/internal/members/contacts';

/** Asks membership for contacts over its internal API, in batches of 1,000, with a service assertion. */
export class HttpMemberContacts {
  private readonly client: InternalClient;

  constructor(membershipUrl: string, auth: InternalAuth, service: string, options: InternalClientOptions = {}) {
    this.client = new InternalClient(membershipUrl, auth, service, 8, options);
  }

  async byIds(ids: readonly string[]): Promise<MemberContact[]> {
    const unique = [...new Set(ids)];
    const out: MemberContact[] = [];
    for (let start = 0; start < unique.length; start += 1000) out.push(...(await this.post({ ids: unique.slice(start, start + 1000) })).members);
    return out;
  }

  async byHandles(handles: readonly string[]): Promise<MemberContact[]> {
    const unique = [...new Set(handles.map((handle) => handle.toLowerCase()))];
    const out: MemberContact[] = [];
    for (let start = 0; start < unique.length; start += 1000) out.push(...(await this.post({ handles: unique.slice(start, start + 1000) })).members);
    return out;
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private post(body: MemberContactsRequest): Promise<MemberContactsResponse> {
    return this.client.post<MemberContactsResponse>(MEMBER_CONTACTS_PATH, body);
  }
}

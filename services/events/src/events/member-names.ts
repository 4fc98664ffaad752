import type { HttpMemberContacts } from '@praxis/platform';

/**
 * Display names from membership's internal contacts route, for the few places this service prints
 * a person (certificates). Names are membership's data: read at the time, never copied.
 */
export class MemberNames {
  constructor(private readonly contacts: Pick<HttpMemberContacts, 'byIds'>) {}

  async displayName(memberId: string | null): Promise<string> {
    if (!memberId) return 'Former member';
    const [member] = await this.contacts.byIds([memberId]);
    return member?.displayName ?? 'Former member';
  }
}

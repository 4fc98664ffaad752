import { defineConsumer, discussionContracts, on, type ConsumerDefinition, type HttpMemberContacts } from '@praxis/platform';

/**
 * Member ids for @handles, from membership's internal contacts route (one call per batch).
 * Membership owns the mapping and announces no handles, so this service asks it.
 */
export class MemberHandles {
  constructor(private readonly contacts: Pick<HttpMemberContacts, 'byHandles'>) {}

  /** Handle (as written) to member id; a handle nobody holds is left out. A failed call throws, so the consumer retries the event. */
  async resolve(handles: readonly string[]): Promise<Map<string, string>> {
    if (handles.length === 0) return new Map();
    const byHandle = new Map((await this.contacts.byHandles(handles)).filter((member) => member.handle).map((member) => [member.handle!.toLowerCase(), member.memberId]));
    const ids = new Map<string, string>();
    for (const handle of handles) {
      const id = byHandle.get(handle.toLowerCase());
      if (id) ids.set(handle, id);
    }
    return ids;
  }
}

/**
 * When a post's mentions are announced (it became visible, or an edit added handles), records
 * whom each handle named then, so `mentions` keeps showing that member, as "Former member" once
 * they delete their account. A handle nobody holds stays unresolved.
 */
export function mentionMembersConsumer(handles: MemberHandles): ConsumerDefinition {
  return defineConsumer(
    'discussion-mention-members',
    on(discussionContracts.MembersMentioned, async ({ payload }, manager) => {
      const ids = await handles.resolve(payload.handles);
      if (ids.size === 0) return;
      await manager.query(
        `UPDATE post_mentions m SET member_id = r.member_id FROM unnest($2::text[], $3::uuid[]) AS r(handle, member_id)
         WHERE m.post_id = $1 AND m.handle = r.handle AND m.member_id IS NULL`,
        [payload.postId, [...ids.keys()], [...ids.values()]],
      );
    }),
  );
}

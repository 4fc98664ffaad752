import { request } from 'undici';
import { defineConsumer, discussionContracts, on, type ConsumerDefinition } from '@praxis/platform';

/**
 * Member ids for @handles, from membership's public graph (one request, one alias per handle).
 * Membership owns the mapping and announces no handles, so this service asks it.
 */
export class MemberHandles {
  constructor(private readonly membershipUrl: string) {}

  async resolve(handles: readonly string[]): Promise<Map<string, string>> {
    if (handles.length === 0) return new Map();
    const fields = handles.map((_, index) => `m${index}: member(handle: $h${index}) { id }`).join(' ');
    const query = `query (${handles.map((_, index) => `$h${index}: String!`).join(', ')}) { ${fields} }`;
    const variables = Object.fromEntries(handles.map((handle, index) => [`h${index}`, handle]));
    const response = await request(new URL('/graphql', this.membershipUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
      body: JSON.stringify({ query, variables }),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    const body = (await response.body.json()) as { data?: Record<string, { id: string } | null> | null };
    // A failed answer throws, so the consumer retries the event rather than forgetting the mention.
    if (response.statusCode !== 200 || !body.data) throw new Error(`membership answered ${response.statusCode} resolving handles`);
    const ids = new Map<string, string>();
    handles.forEach((handle, index) => {
      const member = body.data![`m${index}`];
      if (member) ids.set(handle, member.id);
    });
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

import type { EntityManager } from 'typeorm';

/**
 * A deleted account gets nothing more, and what notifications held about it goes: its feed (and
 * so its deliveries), preferences, digests, undeliverable record and its rows in the
 * projections. Notifications it caused for others stay, without it: their text then says
 * "Former member". Running it twice finds nothing to do.
 */
export async function eraseMember(manager: EntityManager, memberId: string): Promise<void> {
  await manager.query('DELETE FROM notifications WHERE recipient_id = $1', [memberId]);
  // The mark keeps "someone who left did this" apart from "nobody did this", without the id.
  await manager.query(`UPDATE notifications SET actor_id = NULL, data = data || '{"formerActor": true}' WHERE actor_id = $1`, [memberId]);
  for (const table of ['email_deliveries', 'preferences', 'digests', 'undeliverable']) {
    const column = table === 'email_deliveries' ? 'recipient_id' : 'member_id';
    await manager.query(`DELETE FROM ${table} WHERE ${column} = $1`, [memberId]);
  }
  for (const table of ['thread_follows', 'forum_follows', 'community_members', 'removed_members', 'event_registrations']) {
    await manager.query(`DELETE FROM ${table} WHERE member_id = $1`, [memberId]);
  }
  await manager.query('UPDATE threads SET author_id = NULL WHERE author_id = $1', [memberId]);
}

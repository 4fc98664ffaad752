import type { DataSource } from 'typeorm';
import type { MemberContact } from '@praxis/platform';
import { FORMER_MEMBER } from './members';
import { isUuid } from './validation';

interface ContactRow {
  member_id: string;
  handle: string | null;
  display_name: string | null;
  email: string | null;
  email_verified: boolean;
  deleted: boolean;
}

/**
 * How to reach members, for the services that send them messages (notifications) and keep no
 * addresses or names of their own. Service-to-service only: no viewer, no permission check; the
 * internal route's service assertion is the gate.
 */
export class MemberContacts {
  constructor(private readonly db: DataSource) {}

  /**
   * Every member among `ids` (deleted ones as "Former member", without address or handle) and
   * every live member among `handles` (case-insensitive; a deleted account has no handle, so it
   * is never found by one). Ids that are not uuids and unknown members are left out. One
   * statement, however many are asked for.
   */
  async find(ids: readonly string[], handles: readonly string[]): Promise<MemberContact[]> {
    const validIds = [...new Set(ids.filter(isUuid))];
    const wantedHandles = [...new Set(handles.map((handle) => handle.toLowerCase()))];
    if (validIds.length === 0 && wantedHandles.length === 0) return [];
    const rows: ContactRow[] = await this.db.query(
      `SELECT m.id AS member_id, m.handle, m.display_name, a.email,
              a.email_verified_at IS NOT NULL AS email_verified, m.deleted_at IS NOT NULL AS deleted
       FROM members m
       LEFT JOIN accounts a ON a.member_id = m.id
       WHERE m.id = ANY($1::uuid[]) OR (m.deleted_at IS NULL AND m.handle = ANY($2::citext[]))`,
      [validIds, wantedHandles],
    );
    return rows.map((row) =>
      row.deleted
        ? { memberId: row.member_id, handle: null, displayName: FORMER_MEMBER, email: null, emailVerified: false, deleted: true }
        : {
            memberId: row.member_id,
            handle: row.handle,
            displayName: row.display_name ?? FORMER_MEMBER,
            email: row.email,
            emailVerified: row.email_verified && row.email !== null,
            deleted: false,
          },
    );
  }
}

import type { Deps } from './deps';

/**
 * Everything membership holds about one member, as one JSON document: the right of access.
 * Secrets (password hash, token hashes) are never part of it.
 */
export async function exportMemberData(deps: Deps, memberId: string): Promise<Record<string, unknown>> {
  const db = deps.runtime.db;
  const one = async (sql: string) => ((await db.query(sql, [memberId])) as Record<string, unknown>[])[0] ?? null;
  const many = async (sql: string) => (await db.query(sql, [memberId])) as Record<string, unknown>[];
  return {
    exportedAt: new Date().toISOString(),
    format: 'praxis.membership.export/1',
    profile: await one(
      `SELECT id, handle, display_name AS "displayName", participant_type AS "participantType",
              participant_type_hidden AS "participantTypeHidden", organisation, bio, created_at AS "createdAt", updated_at AS "updatedAt"
       FROM members WHERE id = $1`,
    ),
    account: await one(`SELECT email, email_verified_at AS "emailVerifiedAt", password_changed_at AS "passwordChangedAt", created_at AS "createdAt" FROM accounts WHERE member_id = $1`),
    networkProfiles: await many(
      `SELECT n.name AS network, p.label AS profession, r.label AS region, mp.updated_at AS "updatedAt"
       FROM member_network_profiles mp JOIN networks n ON n.id = mp.network_id
       LEFT JOIN vocabulary_terms p ON p.id = mp.profession_term_id LEFT JOIN vocabulary_terms r ON r.id = mp.region_term_id
       WHERE mp.member_id = $1 ORDER BY n.name`,
    ),
    networkRoles: await many(`SELECT n.name AS network, nr.role, nr.granted_at AS "grantedAt" FROM network_roles nr JOIN networks n ON n.id = nr.network_id WHERE nr.member_id = $1 ORDER BY n.name`),
    memberships: await many(
      `SELECT c.name AS community, m.role, m.status, m.joined_at AS "joinedAt", m.ended_at AS "endedAt", m.end_reason AS "endReason"
       FROM memberships m JOIN communities c ON c.id = m.community_id WHERE m.member_id = $1 ORDER BY m.joined_at`,
    ),
    membershipHistory: await many(
      `SELECT c.name AS community, h.change, h.role, h.reason, h.occurred_at AS "occurredAt"
       FROM membership_history h JOIN communities c ON c.id = h.community_id WHERE h.member_id = $1 ORDER BY h.occurred_at`,
    ),
    joinRequests: await many(
      `SELECT c.name AS community, j.status, j.answers, j.message, j.created_at AS "createdAt", j.decided_at AS "decidedAt", j.decline_reason AS "declineReason"
       FROM join_requests j JOIN communities c ON c.id = j.community_id WHERE j.member_id = $1 ORDER BY j.created_at`,
    ),
    invitationsReceived: await many(
      `SELECT c.name AS community, i.role, i.created_at AS "createdAt", i.expires_at AS "expiresAt", i.accepted_at AS "acceptedAt"
       FROM invitations i JOIN communities c ON c.id = i.community_id JOIN accounts a ON a.email = i.email WHERE a.member_id = $1 ORDER BY i.created_at`,
    ),
    apiTokens: await many(`SELECT name, prefix, scopes, created_at AS "createdAt", expires_at AS "expiresAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt" FROM api_tokens WHERE member_id = $1 ORDER BY created_at`),
    sessions: await many(
      `SELECT s.user_agent AS "userAgent", s.address, s.created_at AS "createdAt", s.last_used_at AS "lastUsedAt",
              EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = s.id AND t.revoked_at IS NULL AND t.used_at IS NULL AND t.expires_at > now()) AS active
       FROM sessions s WHERE s.member_id = $1 ORDER BY s.created_at`,
    ),
    // Whether two-factor sign-in is on, never its secret nor the recovery codes' hashes.
    secondFactor: await one(
      `SELECT sf.created_at AS "createdAt", sf.confirmed_at AS "confirmedAt",
              (SELECT count(*)::int FROM second_factor_recovery_codes r WHERE r.member_id = sf.member_id AND r.used_at IS NULL) AS "recoveryCodesLeft"
       FROM second_factors sf WHERE sf.member_id = $1`,
    ),
    externalIdentities: await many(`SELECT issuer, created_at AS "createdAt" FROM external_identities WHERE member_id = $1 ORDER BY created_at`),
    // The audit's record of what the member did with their powers, and from where (docs/adr/0010).
    auditRecords: await many(
      `SELECT a.action, n.name AS network, c.name AS community, a.occurred_at AS "occurredAt", a.address, a.request_id AS "requestId"
       FROM audit_records a LEFT JOIN networks n ON n.id = a.network_id LEFT JOIN communities c ON c.id = a.community_id
       WHERE a.actor_id = $1 ORDER BY a.occurred_at, a.id`,
    ),
  };
}

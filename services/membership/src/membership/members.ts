import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { errors, isUniqueViolation, membershipContracts, parseInput, publish, type Viewer } from '@praxis/platform';
import { MemberEntity, NetworkEntity, NetworkProfileEntity } from '../entities';
import { SECOND_FACTOR_MISSING } from './access';
import { requireSignedIn } from './accounts';
import type { Deps } from './deps';
import type { Networks } from './networks';
import { displayNameSchema, handleSchema, isUuid, participantTypeSchema, text } from './validation';

/** What a deleted account is called wherever it is named. */
export const FORMER_MEMBER = 'Former member';

const profileInput = z.object({
  displayName: displayNameSchema.optional(),
  handle: handleSchema.optional(),
  participantType: participantTypeSchema.optional(),
  hideParticipantType: z.boolean().optional(),
  organisation: text.optional(160, 'Organisation'),
  bio: text.optional(2000, 'Bio'),
});

export interface NetworkProfileRecord {
  memberId: string;
  networkId: string;
  professionTermId: string | null;
  regionTermId: string | null;
}

/** Member profiles, network profiles, and who may see the private parts of a profile. */
export class Members {
  constructor(
    private readonly deps: Deps,
    private readonly networks: Networks,
  ) {}

  async updateProfile(viewer: Viewer, raw: unknown): Promise<MemberEntity> {
    const memberId = requireSignedIn(viewer);
    const input = parseInput(profileInput, raw);
    try {
      return await this.deps.runtime.transaction(async (manager) => {
        const current = await manager.findOne(MemberEntity, { where: { id: memberId }, lock: { mode: 'pessimistic_write' } });
        if (!current || current.deletedAt) throw errors.unauthenticated();
        const patch: Partial<Record<keyof MemberEntity, unknown>> = {};
        if (input.displayName !== undefined) patch.displayName = input.displayName;
        if (input.handle !== undefined) patch.handle = input.handle;
        if (input.participantType !== undefined) patch.participantType = input.participantType;
        if (input.hideParticipantType !== undefined) patch.participantTypeHidden = input.hideParticipantType;
        if (input.organisation !== undefined) patch.organisation = input.organisation ?? null;
        if (input.bio !== undefined) patch.bio = input.bio ?? null;
        const changed = Object.keys(patch).filter((key) => patch[key as keyof MemberEntity] !== current[key as keyof MemberEntity]);
        if (changed.length === 0) return current;
        await manager.update(MemberEntity, { id: memberId }, { ...(patch as Partial<MemberEntity>), updatedAt: () => 'now()' });
        const member = await manager.findOneByOrFail(MemberEntity, { id: memberId });
        await publish(manager, membershipContracts.MemberProfileChanged, {
          memberId,
          participantType: member.participantType!,
          participantTypeHidden: member.participantTypeHidden,
          changed,
        });
        return member;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'members_handle_key')) throw errors.conflict('DUPLICATE', 'This handle is taken.', 'input.handle');
      throw error;
    }
  }

  async updateNetworkProfile(viewer: Viewer, raw: { networkId: string; professionId?: string | null; regionId?: string | null }): Promise<NetworkProfileRecord> {
    const memberId = requireSignedIn(viewer);
    if (!isUuid(raw.networkId) || !(await this.deps.runtime.db.manager.existsBy(NetworkEntity, { id: raw.networkId }))) throw errors.notFound('Network');
    return this.deps.runtime.transaction((manager) => this.setNetworkProfile(manager, memberId, raw.networkId, { professionId: raw.professionId, regionId: raw.regionId }));
  }

  /**
   * Sets profession and/or region in one network; `undefined` keeps a value, null clears it.
   * Joining flows call it inside their own transaction.
   */
  async setNetworkProfile(manager: EntityManager, memberId: string, networkId: string, values: { professionId?: string | null; regionId?: string | null }, fieldPrefix = 'input'): Promise<NetworkProfileRecord> {
    await this.networks.assertTerms(manager, networkId, [
      { field: `${fieldPrefix}.professionId`, id: values.professionId, kind: 'PROFESSION' },
      { field: `${fieldPrefix}.regionId`, id: values.regionId, kind: 'REGION' },
    ]);
    const existing = await manager.findOneBy(NetworkProfileEntity, { memberId, networkId });
    const next: NetworkProfileRecord = {
      memberId,
      networkId,
      professionTermId: values.professionId === undefined ? (existing?.professionTermId ?? null) : values.professionId,
      regionTermId: values.regionId === undefined ? (existing?.regionTermId ?? null) : values.regionId,
    };
    if (existing && existing.professionTermId === next.professionTermId && existing.regionTermId === next.regionTermId) return next;
    await manager.upsert(NetworkProfileEntity, { ...next, updatedAt: new Date() }, ['memberId', 'networkId']);
    await publish(manager, membershipContracts.NetworkProfileChanged, next);
    return next;
  }

  /**
   * The members among `memberIds` whose private fields (email, hidden participant type) the
   * viewer may see: themselves, members of a community the viewer coordinates, and members of
   * a network the viewer administers. One statement for the whole batch.
   */
  async privilegedFor(viewer: Viewer, memberIds: readonly string[]): Promise<Set<string>> {
    const valid = memberIds.filter(isUuid);
    if (!viewer.memberId || valid.length === 0) return new Set();
    const rows: { member_id: string }[] = await this.deps.runtime.db.query(
      `SELECT DISTINCT m.member_id
       FROM memberships m
       JOIN communities c ON c.id = m.community_id
       WHERE m.member_id = ANY($1::uuid[]) AND m.status = 'ACTIVE'
         AND (
           EXISTS (SELECT 1 FROM memberships v WHERE v.community_id = m.community_id AND v.member_id = $2 AND v.status = 'ACTIVE' AND v.role = 'COORDINATOR')
           OR EXISTS (SELECT 1 FROM network_roles nr WHERE nr.network_id = c.network_id AND nr.member_id = $2 AND nr.role = 'ADMIN')
         )
         AND NOT ${SECOND_FACTOR_MISSING('c.network_id', '$2', '$3')}`,
      [valid, viewer.memberId, viewer.source === 'oidc'],
    );
    const allowed = new Set(rows.map((row) => row.member_id));
    if (valid.includes(viewer.memberId)) allowed.add(viewer.memberId);
    return allowed;
  }
}

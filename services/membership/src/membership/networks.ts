import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { errors, isUniqueViolation, membershipContracts, parseInput, publish, staffRefusal, type NetworkRole, type Viewer } from '@praxis/platform';
import { MemberEntity, NetworkEntity, NetworkRoleEntity, TermEntity } from '../entities';
import { requireSignedIn } from './accounts';
import type { Deps } from './deps';
import { LocalAccessSource } from './access';
import { rebuildActiveMonths } from './activity';
import { isUuid, slugSchema, text, timeZoneSchema, uuidSchema } from './validation';
import { auditChange, type AuditOrigin } from './audit';

const MAX_TERMS_PER_VOCABULARY = 500;

const createInput = z.object({
  name: text.trimmed(1, 160, 'Name'),
  slug: slugSchema,
  description: text.optional(4000, 'Description'),
  timeZone: timeZoneSchema,
  adminId: uuidSchema.nullish(),
});

const updateInput = z.object({
  id: z.string(),
  name: text.trimmed(1, 160, 'Name').optional(),
  description: text.optional(4000, 'Description'),
  timeZone: timeZoneSchema.optional(),
});

const termKind = z.enum(['PROFESSION', 'REGION', 'TOPIC']);
const addTermInput = z.object({ networkId: z.string(), kind: termKind, label: text.trimmed(1, 120, 'Label') });
const updateTermInput = z.object({
  id: z.string(),
  label: text.trimmed(1, 120, 'Label').optional(),
  position: z.number().int().min(0).max(MAX_TERMS_PER_VOCABULARY).optional(),
  archived: z.boolean().optional(),
});

/** Networks, their admin and analyst roles, and their vocabularies. */
/**
 * Someone given a network role can act in the network (share resources network-wide, say)
 * without joining any of its communities. Reports break their activity down by their profile
 * there, so a member with none yet gets an empty one, announced as any profile change is
 * (docs/adr/0005). A profile that exists was announced when it was set.
 */
async function announceProfile(manager: EntityManager, networkId: string, memberId: string): Promise<void> {
  const created: unknown[] = await manager.query(
    `INSERT INTO member_network_profiles (member_id, network_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING member_id`,
    [memberId, networkId],
  );
  if (created.length === 0) return;
  await publish(manager, membershipContracts.NetworkProfileChanged, { memberId, networkId, professionTermId: null, regionTermId: null });
}

export class Networks {
  constructor(private readonly deps: Deps) {}

  async create(viewer: Viewer, raw: unknown): Promise<NetworkEntity> {
    const memberId = requireSignedIn(viewer);
    const input = parseInput(createInput, raw);
    return this.deps.runtime.transaction(async (manager) => {
      const actor = await manager.findOneBy(MemberEntity, { id: memberId });
      if (!actor?.isOperator) throw errors.forbidden('Only operators of this deployment can create networks.');
      const adminId = input.adminId ?? memberId;
      const admin = await manager.findOneBy(MemberEntity, { id: adminId });
      if (!admin || admin.deletedAt) throw errors.badInput('input.adminId', 'No such member.');
      let network: NetworkEntity;
      try {
        network = await manager.save(manager.create(NetworkEntity, { name: input.name, slug: input.slug, description: input.description ?? null, timeZone: input.timeZone }));
      } catch (error) {
        if (isUniqueViolation(error, 'networks_slug_key')) throw errors.conflict('DUPLICATE', 'A network with this slug exists already.', 'input.slug');
        throw error;
      }
      await manager.insert(NetworkRoleEntity, { networkId: network.id, memberId: adminId, role: 'ADMIN', grantedBy: memberId });
      await this.publishChanged(manager, network, true);
      await announceProfile(manager, network.id, adminId);
      return network;
    });
  }

  async update(viewer: Viewer, raw: unknown): Promise<NetworkEntity> {
    const input = parseInput(updateInput, raw);
    await this.requireAdmin(viewer, input.id);
    return this.deps.runtime.transaction(async (manager) => {
      const patch: Partial<NetworkEntity> = {};
      if (input.name !== undefined) patch.name = input.name;
      if (input.description !== undefined) patch.description = input.description ?? null;
      if (input.timeZone !== undefined) patch.timeZone = input.timeZone;
      const before = input.timeZone !== undefined ? await manager.findOneByOrFail(NetworkEntity, { id: input.id }) : null;
      if (Object.keys(patch).length > 0) await manager.update(NetworkEntity, { id: input.id }, { ...patch, updatedAt: () => 'now()' });
      const network = await manager.findOneByOrFail(NetworkEntity, { id: input.id });
      // Months are cut in the network's time zone, so a new zone recuts its activity months.
      if (before && before.timeZone !== network.timeZone) await rebuildActiveMonths(manager, network.id);
      await this.publishChanged(manager, network, false);
      return network;
    });
  }

  async grantRole(viewer: Viewer, raw: { networkId: string; memberId: string; role: NetworkRole }, origin?: AuditOrigin): Promise<NetworkRole[]> {
    await this.requireAdmin(viewer, raw.networkId);
    if (!isUuid(raw.memberId)) throw errors.notFound('Member');
    return this.deps.runtime.transaction(async (manager) => {
      const member = await manager.findOneBy(MemberEntity, { id: raw.memberId });
      if (!member || member.deletedAt) throw errors.notFound('Member');
      const before = await this.rolesOf(manager, raw.networkId, raw.memberId);
      await manager
        .createQueryBuilder()
        .insert()
        .into(NetworkRoleEntity)
        .values({ networkId: raw.networkId, memberId: raw.memberId, role: raw.role, grantedBy: viewer.memberId })
        .orIgnore()
        .execute();
      await announceProfile(manager, raw.networkId, raw.memberId);
      if (!before.includes(raw.role)) {
        await auditChange(manager, { actorId: viewer.memberId, action: 'ROLE_CHANGED', networkId: raw.networkId, subjectId: raw.memberId, detail: { granted: raw.role }, ...origin });
      }
      return this.rolesOf(manager, raw.networkId, raw.memberId);
    });
  }

  async revokeRole(viewer: Viewer, raw: { networkId: string; memberId: string; role: NetworkRole }, origin?: AuditOrigin): Promise<NetworkRole[]> {
    await this.requireAdmin(viewer, raw.networkId);
    if (!isUuid(raw.memberId)) throw errors.notFound('Member');
    return this.deps.runtime.transaction(async (manager) => {
      // Lock the network's admin rows so two admins removing each other cannot leave none.
      const admins: { member_id: string }[] = await manager.query(
        `SELECT member_id FROM network_roles WHERE network_id = $1 AND role = 'ADMIN' FOR UPDATE`,
        [raw.networkId],
      );
      if (raw.role === 'ADMIN' && admins.length === 1 && admins[0]!.member_id === raw.memberId) {
        throw errors.conflict('LAST_ADMIN', 'A network must keep at least one admin. Make someone else admin first.');
      }
      const removed = await manager.delete(NetworkRoleEntity, { networkId: raw.networkId, memberId: raw.memberId, role: raw.role });
      if (removed.affected) {
        await auditChange(manager, { actorId: viewer.memberId, action: 'ROLE_CHANGED', networkId: raw.networkId, subjectId: raw.memberId, detail: { revoked: raw.role }, ...origin });
      }
      return this.rolesOf(manager, raw.networkId, raw.memberId);
    });
  }

  async addTerm(viewer: Viewer, raw: unknown): Promise<TermEntity> {
    const input = parseInput(addTermInput, raw);
    await this.requireAdmin(viewer, input.networkId);
    try {
      return await this.deps.runtime.transaction(async (manager) => {
        await manager.query('SELECT 1 FROM networks WHERE id = $1 FOR UPDATE', [input.networkId]);
        const [{ count, next }] = (await manager.query(
          'SELECT count(*)::int AS count, coalesce(max(position) + 1, 0)::int AS next FROM vocabulary_terms WHERE network_id = $1 AND kind = $2',
          [input.networkId, input.kind],
        )) as [{ count: number; next: number }];
        if (count >= MAX_TERMS_PER_VOCABULARY) throw errors.conflict('INVALID_STATE', `A vocabulary holds at most ${MAX_TERMS_PER_VOCABULARY} terms.`);
        const term = await manager.save(manager.create(TermEntity, { networkId: input.networkId, kind: input.kind, label: input.label, position: next }));
        await this.publishTerm(manager, term);
        return term;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'vocabulary_terms_label')) throw errors.conflict('DUPLICATE', 'This vocabulary has that term already.', 'input.label');
      throw error;
    }
  }

  async updateTerm(viewer: Viewer, raw: unknown): Promise<TermEntity> {
    const input = parseInput(updateTermInput, raw);
    if (!isUuid(input.id)) throw errors.notFound('Term');
    const existing = await this.deps.runtime.db.manager.findOneBy(TermEntity, { id: input.id });
    if (!existing) throw errors.notFound('Term');
    await this.requireAdmin(viewer, existing.networkId);
    try {
      return await this.deps.runtime.transaction(async (manager) => {
        const patch: Record<string, unknown> = {};
        if (input.label !== undefined) patch.label = input.label;
        if (input.position !== undefined) patch.position = input.position;
        if (input.archived !== undefined) patch.archivedAt = input.archived ? () => 'coalesce(archived_at, now())' : null;
        if (Object.keys(patch).length > 0) await manager.update(TermEntity, { id: input.id }, patch);
        const term = await manager.findOneByOrFail(TermEntity, { id: input.id });
        await this.publishTerm(manager, term);
        return term;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'vocabulary_terms_label')) throw errors.conflict('DUPLICATE', 'This vocabulary has that term already.', 'input.label');
      throw error;
    }
  }

  /**
   * Checks that ids given for a vocabulary name live terms of that kind in that network.
   * The database refuses a wrong network or kind too; this gives the client a clear field.
   */
  async assertTerms(manager: EntityManager, networkId: string, checks: { field: string; id: string | null | undefined; kind: 'PROFESSION' | 'REGION' | 'TOPIC' }[]): Promise<void> {
    for (const check of checks) {
      if (check.id == null) continue;
      const term = isUuid(check.id) ? await manager.findOneBy(TermEntity, { id: check.id }) : null;
      if (!term || term.networkId !== networkId || term.kind !== check.kind || term.archivedAt) {
        throw errors.badInput(check.field, `Choose a ${check.kind.toLowerCase()} from this network's list.`);
      }
    }
  }

  async requireAdmin(viewer: Viewer, networkId: string): Promise<void> {
    requireSignedIn(viewer);
    const [access] = await new LocalAccessSource(this.deps.runtime.db).networks(viewer, [networkId]);
    if (!access) throw errors.notFound('Network');
    if (!access.isAdmin) throw staffRefusal(access, 'Only network admins can do this.');
  }

  private async rolesOf(manager: EntityManager, networkId: string, memberId: string): Promise<NetworkRole[]> {
    const rows = await manager.find(NetworkRoleEntity, { where: { networkId, memberId }, order: { role: 'ASC' } });
    return rows.map((row) => row.role);
  }

  private async publishTerm(manager: EntityManager, term: TermEntity): Promise<void> {
    await publish(manager, membershipContracts.TermChanged, {
      termId: term.id,
      networkId: term.networkId,
      kind: term.kind,
      label: term.label,
      position: term.position,
      archived: term.archivedAt !== null,
    });
  }

  private async publishChanged(manager: EntityManager, network: NetworkEntity, created: boolean): Promise<void> {
    await publish(manager, membershipContracts.NetworkChanged, { networkId: network.id, slug: network.slug, name: network.name, timeZone: network.timeZone, created });
  }
}

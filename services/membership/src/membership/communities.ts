import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { clockOf, errors, staffRefusal, isUniqueViolation, membershipContracts, parseInput, publish, type Viewer } from '@praxis/platform';
import { ApplicationQuestionEntity, CommunityEntity, MemberEntity, MembershipEntity, MembershipHistoryEntity } from '../entities';
import { requireSignedIn } from './accounts';
import { LocalAccessSource } from './access';
import { attributesOf } from './attributes';
import type { Deps } from './deps';
import type { Networks } from './networks';
import { emailSchema, isUuid, slugSchema, text, uuidSchema } from './validation';

export const MAX_QUESTIONS = 5;

const questionSchema = z.object({ prompt: text.trimmed(1, 500, 'Question'), required: z.boolean().nullish() });
const questionsSchema = z.array(questionSchema).max(MAX_QUESTIONS, `A community can ask at most ${MAX_QUESTIONS} questions.`);
const visibility = z.enum(['PUBLIC', 'MEMBERS_ONLY']);
const joinPolicy = z.enum(['OPEN', 'APPROVAL', 'INVITATION']);

const createInput = z.object({
  networkId: z.string(),
  name: text.trimmed(1, 160, 'Name'),
  slug: slugSchema,
  domainStatement: text.trimmed(1, 2000, 'Domain statement'),
  description: text.optional(10000, 'Description'),
  aims: text.optional(10000, 'Aims'),
  visibility,
  joinPolicy,
  contactEmail: emailSchema.nullish(),
  coordinatorId: uuidSchema.nullish(),
  questions: questionsSchema.nullish(),
});

const updateInput = z.object({
  id: z.string(),
  name: text.trimmed(1, 160, 'Name').optional(),
  slug: slugSchema.optional(),
  domainStatement: text.trimmed(1, 2000, 'Domain statement').optional(),
  description: text.optional(10000, 'Description'),
  aims: text.optional(10000, 'Aims'),
  visibility: visibility.optional(),
  joinPolicy: joinPolicy.optional(),
  contactEmail: emailSchema.nullish(),
  contactMemberId: uuidSchema.nullish(),
});

/** Creating and running communities: details, questions, archiving. */
export class Communities {
  constructor(
    private readonly deps: Deps,
    private readonly networks: Networks,
  ) {}

  async create(viewer: Viewer, raw: unknown): Promise<CommunityEntity> {
    const actorId = requireSignedIn(viewer);
    const input = parseInput(createInput, raw);
    await this.networks.requireAdmin(viewer, input.networkId);
    try {
      return await this.deps.runtime.transaction(async (manager) => {
        const coordinatorId = input.coordinatorId ?? actorId;
        const coordinator = await manager.findOneBy(MemberEntity, { id: coordinatorId });
        if (!coordinator || coordinator.deletedAt) throw errors.badInput('input.coordinatorId', 'No such member.');
        const community = await manager.save(
          manager.create(CommunityEntity, {
            networkId: input.networkId,
            name: input.name,
            slug: input.slug,
            domainStatement: input.domainStatement,
            description: input.description ?? null,
            aims: input.aims ?? null,
            visibility: input.visibility,
            joinPolicy: input.joinPolicy,
            contactEmail: input.contactEmail ?? null,
            contactMemberId: coordinatorId,
          }),
        );
        await this.writeQuestions(manager, community.id, input.questions ?? []);
        await this.publishChanged(manager, community, 'CREATED');
        // The first coordinator's join counts in reports like any other, so it takes the clock's time too.
        const joinedAt = clockOf(manager).now();
        await manager.insert(MembershipEntity, { communityId: community.id, memberId: coordinatorId, role: 'COORDINATOR', status: 'ACTIVE', joinedAt });
        await manager.insert(MembershipHistoryEntity, { communityId: community.id, memberId: coordinatorId, change: 'JOINED', role: 'COORDINATOR', actorId: actorId === coordinatorId ? null : actorId, occurredAt: joinedAt });
        await publish(manager, membershipContracts.MemberJoined, {
          communityId: community.id,
          networkId: community.networkId,
          memberId: coordinatorId,
          role: 'COORDINATOR',
          via: 'CREATED_COMMUNITY',
          attributes: await attributesOf(manager, coordinatorId, community.networkId),
        });
        return community;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'communities_network_slug_key')) throw errors.conflict('DUPLICATE', 'This network has a community with that slug already.', 'input.slug');
      throw error;
    }
  }

  async update(viewer: Viewer, raw: unknown): Promise<CommunityEntity> {
    const input = parseInput(updateInput, raw);
    await this.requireCoordinator(viewer, input.id);
    try {
      return await this.deps.runtime.transaction(async (manager) => {
        const patch: Record<string, unknown> = {};
        for (const key of ['name', 'slug', 'domainStatement', 'visibility', 'joinPolicy'] as const) {
          if (input[key] !== undefined) patch[key] = input[key];
        }
        for (const key of ['description', 'aims', 'contactEmail', 'contactMemberId'] as const) {
          if (input[key] !== undefined) patch[key] = input[key] ?? null;
        }
        if (input.contactMemberId) {
          const contact = await manager.findOneBy(MembershipEntity, { communityId: input.id, memberId: input.contactMemberId, status: 'ACTIVE' });
          if (!contact) throw errors.badInput('input.contactMemberId', 'The contact must be a member of the community.');
        }
        if (Object.keys(patch).length > 0) await manager.update(CommunityEntity, { id: input.id }, { ...patch, updatedAt: () => 'now()' });
        const community = await manager.findOneByOrFail(CommunityEntity, { id: input.id });
        await this.publishChanged(manager, community, 'CHANGED');
        return community;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'communities_network_slug_key')) throw errors.conflict('DUPLICATE', 'This network has a community with that slug already.', 'input.slug');
      throw error;
    }
  }

  async setQuestions(viewer: Viewer, raw: { communityId: string; questions: unknown }): Promise<CommunityEntity> {
    const questions = parseInput(questionsSchema, raw.questions, 'input.questions');
    await this.requireCoordinator(viewer, raw.communityId);
    return this.deps.runtime.transaction(async (manager) => {
      await manager.delete(ApplicationQuestionEntity, { communityId: raw.communityId });
      await this.writeQuestions(manager, raw.communityId, questions);
      await manager.update(CommunityEntity, { id: raw.communityId }, { updatedAt: () => 'now()' });
      return manager.findOneByOrFail(CommunityEntity, { id: raw.communityId });
    });
  }

  async setArchived(viewer: Viewer, communityId: string, archived: boolean): Promise<CommunityEntity> {
    await this.requireCoordinator(viewer, communityId);
    return this.deps.runtime.transaction(async (manager) => {
      const current = await manager.findOneByOrFail(CommunityEntity, { id: communityId });
      if (Boolean(current.archivedAt) === archived) return current;
      await manager.update(CommunityEntity, { id: communityId }, { archivedAt: archived ? new Date() : null, updatedAt: () => 'now()' });
      const community = await manager.findOneByOrFail(CommunityEntity, { id: communityId });
      await this.publishChanged(manager, community, archived ? 'ARCHIVED' : 'UNARCHIVED');
      return community;
    });
  }

  /**
   * Checks coordinator rights. Mutations call it again inside their transaction, after taking
   * the community lock, so a coordinator demoted a moment ago cannot still act.
   */
  async requireCoordinator(viewer: Viewer, communityId: string, manager: EntityManager = this.deps.runtime.db.manager): Promise<void> {
    requireSignedIn(viewer);
    if (!isUuid(communityId)) throw errors.notFound('Community');
    const [access] = await new LocalAccessSource(manager).communities(viewer, [communityId]);
    if (!access) throw errors.notFound('Community');
    if (!access.canCoordinate) throw staffRefusal(access, 'Only coordinators of this community can do this.');
  }

  private async writeQuestions(manager: EntityManager, communityId: string, questions: z.infer<typeof questionsSchema>): Promise<void> {
    if (questions.length === 0) return;
    await manager.insert(
      ApplicationQuestionEntity,
      questions.map((question, index) => ({ communityId, position: index + 1, prompt: question.prompt, required: question.required ?? false })),
    );
  }

  private async publishChanged(manager: EntityManager, community: CommunityEntity, change: 'CREATED' | 'CHANGED' | 'ARCHIVED' | 'UNARCHIVED'): Promise<void> {
    await publish(manager, membershipContracts.CommunityChanged, {
      communityId: community.id,
      networkId: community.networkId,
      slug: community.slug,
      name: community.name,
      visibility: community.visibility,
      joinPolicy: community.joinPolicy,
      archived: Boolean(community.archivedAt),
      change,
    });
  }
}

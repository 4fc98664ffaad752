import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { clockOf, memberViewer, membershipContracts, publishMany, type CommunityRole, type ParticipantType, type Viewer } from '@praxis/platform';
import { AccountEntity, MemberEntity, MembershipEntity, MembershipHistoryEntity, type CommunityEntity, type NetworkEntity, type TermEntity } from '../entities';
import type { RunningMembership } from '../index';
import { activateMembership, lockCommunity } from '../membership/roster';

export const TEST_PASSWORD = 'correct horse battery staple';

let sequence = 0;
const next = () => `${Date.now().toString(36)}${(sequence += 1).toString(36)}`.slice(-12);

export interface MemberOptions {
  participantType?: ParticipantType;
  hideParticipantType?: boolean;
  displayName?: string;
  email?: string;
  isOperator?: boolean;
}

export interface CommunityOptions {
  network?: NetworkEntity;
  name?: string;
  visibility?: 'PUBLIC' | 'MEMBERS_ONLY';
  joinPolicy?: 'OPEN' | 'APPROVAL' | 'INVITATION';
  coordinator?: MemberEntity;
  questions?: { prompt: string; required?: boolean }[];
}

/**
 * Test data through the domain, never raw inserts, so every factory-built row obeys the same
 * rules and publishes the same events as real use.
 */
export class MembershipFactories {
  private passwordHash?: Promise<string>;
  private operatorMember?: Promise<MemberEntity>;

  constructor(private readonly running: RunningMembership) {}

  get domain() {
    return this.running.domain;
  }

  viewer(member: MemberEntity | string): Viewer {
    return memberViewer(typeof member === 'string' ? member : member.id);
  }

  async member(options: MemberOptions = {}): Promise<MemberEntity> {
    this.passwordHash ??= this.domain.deps.passwords.hash(TEST_PASSWORD);
    const suffix = next();
    return this.domain.accounts.createVerifiedMember(
      {
        handle: `m_${suffix}`,
        displayName: options.displayName ?? `Member ${suffix}`,
        email: options.email ?? `member-${suffix}@example.org`,
        participantType: options.participantType ?? 'STAFF',
        hideParticipantType: options.hideParticipantType,
        isOperator: options.isOperator,
      },
      await this.passwordHash,
    );
  }

  operator(): Promise<MemberEntity> {
    this.operatorMember ??= this.member({ isOperator: true, displayName: 'Test Operator' });
    return this.operatorMember;
  }

  async network(options: { admin?: MemberEntity; timeZone?: string } = {}): Promise<NetworkEntity & { admin: MemberEntity }> {
    const admin = options.admin ?? (await this.member({ displayName: 'Network Admin' }));
    const suffix = next();
    const network = await this.domain.networks.create(this.viewer(await this.operator()), {
      name: `Network ${suffix}`,
      slug: `network-${suffix}`,
      timeZone: options.timeZone ?? 'Australia/Perth',
      adminId: admin.id,
    });
    return Object.assign(network, { admin });
  }

  async term(network: NetworkEntity & { admin: MemberEntity }, kind: 'PROFESSION' | 'REGION' | 'TOPIC', label = `${kind} ${next()}`): Promise<TermEntity> {
    return this.domain.networks.addTerm(this.viewer(network.admin), { networkId: network.id, kind, label });
  }

  async community(options: CommunityOptions = {}): Promise<CommunityEntity & { network: NetworkEntity & { admin: MemberEntity }; coordinator: MemberEntity }> {
    const network = (options.network as (NetworkEntity & { admin: MemberEntity }) | undefined) ?? (await this.network());
    const coordinator = options.coordinator ?? (await this.member({ displayName: 'Coordinator' }));
    const suffix = next();
    const community = await this.domain.communities.create(this.viewer(network.admin), {
      networkId: network.id,
      name: options.name ?? `Community ${suffix}`,
      slug: `community-${suffix}`,
      domainStatement: 'A shared interest in better care.',
      visibility: options.visibility ?? 'PUBLIC',
      joinPolicy: options.joinPolicy ?? 'OPEN',
      coordinatorId: coordinator.id,
      questions: options.questions,
    });
    return Object.assign(community, { network, coordinator });
  }

  /** Adds someone to a community in a role, as a network admin would. */
  async join(community: CommunityEntity, member: MemberEntity, role: CommunityRole = 'MEMBER'): Promise<void> {
    await this.running.runtime.transaction(async (manager) => {
      const locked = await lockCommunity(manager, community.id);
      await activateMembership(manager, locked, member.id, role, 'ADMIN', null);
    });
  }

  /** A new member in a community, in a role. */
  async memberOf(community: CommunityEntity, role: CommunityRole = 'MEMBER', options: MemberOptions = {}): Promise<MemberEntity> {
    const member = await this.member(options);
    await this.join(community, member, role);
    return member;
  }

  /**
   * `count` new members of a community in one transaction, for tests that need hundreds: the
   * rows and events `member` and `join` write for each (a verified account, MemberProfileChanged,
   * an active membership, its history, MemberJoined), each table in one statement. A member at a
   * time, every statement is a round trip, and hundreds of them queue for the community's lock.
   */
  async membersOf(community: CommunityEntity, count: number, role: CommunityRole = 'MEMBER'): Promise<MemberEntity[]> {
    this.passwordHash ??= this.domain.deps.passwords.hash(TEST_PASSWORD);
    const passwordHash = await this.passwordHash;
    const people = Array.from({ length: count }, () => {
      const suffix = next();
      return { id: randomUUID(), handle: `m_${suffix}`, displayName: `Member ${suffix}`, email: `member-${suffix}@example.org`, participantType: 'STAFF' as const };
    });
    await this.running.runtime.transaction(async (manager) => {
      const locked = await lockCommunity(manager, community.id);
      const now = clockOf(manager).now();
      await manager.insert(MemberEntity, people.map(({ id, handle, displayName, participantType }) => ({ id, handle, displayName, participantType })));
      await manager.insert(AccountEntity, people.map((person) => ({ memberId: person.id, email: person.email, passwordHash, emailVerifiedAt: now })));
      await publishMany(manager, membershipContracts.MemberProfileChanged, people.map((person) => ({ payload: { memberId: person.id, participantType: person.participantType, participantTypeHidden: false, changed: ['created'] } })));
      await manager.insert(MembershipEntity, people.map((person) => ({ communityId: locked.id, memberId: person.id, role, status: 'ACTIVE' as const, joinedAt: now })));
      await manager.insert(MembershipHistoryEntity, people.map((person) => ({ communityId: locked.id, memberId: person.id, change: 'JOINED' as const, role, actorId: null, occurredAt: now })));
      const attributes = (person: (typeof people)[number]) => ({ participantType: person.participantType, professionTermId: null, regionTermId: null });
      await publishMany(
        manager,
        membershipContracts.MemberJoined,
        people.map((person) => ({ occurredAt: now, payload: { communityId: locked.id, networkId: locked.networkId, memberId: person.id, role, via: 'ADMIN' as const, attributes: attributes(person) } })),
      );
    });
    const made = new Map((await this.running.runtime.db.getRepository(MemberEntity).findBy({ id: In(people.map((person) => person.id)) })).map((member) => [member.id, member]));
    return people.map((person) => made.get(person.id)!);
  }

  async ban(community: CommunityEntity & { coordinator: MemberEntity }, member: MemberEntity, reason = 'Repeated abuse'): Promise<void> {
    await this.domain.roster.ban(this.viewer(community.coordinator), { communityId: community.id, memberId: member.id, reason });
  }
}

import { memberViewer, type CommunityRole, type ParticipantType, type Viewer } from '@praxis/platform';
import type { CommunityEntity, MemberEntity, NetworkEntity, TermEntity } from '../entities';
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

  async ban(community: CommunityEntity & { coordinator: MemberEntity }, member: MemberEntity, reason = 'Repeated abuse'): Promise<void> {
    await this.domain.roster.ban(this.viewer(community.coordinator), { communityId: community.id, memberId: member.id, reason });
  }
}

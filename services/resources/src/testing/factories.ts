import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { memberViewer, type Access } from '@praxis/platform';
import type { RunningMembership } from '@praxis/membership';
import { MembershipFactories } from '@praxis/membership/testing';
import type { LibraryTagEntity, ResourceEntity, TopicTermEntity } from '../entities';
import type { RunningResources } from '../index';
import { tinyPdf } from '../seed/pdf';
import { publishAsEventsService } from './foreign-events';

type Community = Awaited<ReturnType<MembershipFactories['community']>>;
type Network = Community['network'];
type Member = { id: string };

let sequence = 0;

/**
 * Library test data through the domain, never raw inserts, so every resource has its revision
 * and events like real use. People and communities come from membership's factories.
 */
export class ResourceFactories {
  /** Networks, communities and members in roles, from membership's own factories. */
  readonly people: MembershipFactories;

  constructor(
    private readonly running: RunningResources,
    private readonly membership: RunningMembership,
  ) {
    this.people = new MembershipFactories(membership);
  }

  get domain() {
    return this.running.domain;
  }

  as(member: Member | string): Access {
    return this.running.access(memberViewer(typeof member === 'string' ? member : member.id));
  }

  /** Lets events flow: membership's relay, then the library's consumers. */
  async sync(): Promise<void> {
    await this.membership.runtime.drainEvents();
    await this.running.runtime.drainEvents();
  }

  /** A topic in the network's vocabulary, once the library has heard of it. */
  async topic(network: Network, label?: string): Promise<TopicTermEntity> {
    const term = await this.people.term(network, 'TOPIC', label);
    await this.sync();
    return (await this.domain.read.topics([term.id]))[0]!;
  }

  async tag(community: Community, label = `Tag ${(sequence += 1)}`): Promise<LibraryTagEntity> {
    return this.domain.curation.createTag(this.as(community.coordinator), { communityId: community.id, label });
  }

  /** A link resource in a community, contributed by `by` (its coordinator by default). */
  async resource(community: Community, options: { by?: Member; input?: Record<string, unknown> } = {}): Promise<ResourceEntity> {
    return this.domain.contributions.create(this.as(options.by ?? community.coordinator), {
      communityId: community.id,
      title: `Resource ${(sequence += 1)}`,
      summary: 'A useful thing.',
      kind: 'LINK',
      audience: 'EVERYONE',
      url: `https://example.org/resource/${sequence}`,
      ...options.input,
    });
  }

  /** A resource shared network-wide by the network's admin. */
  async shared(network: Network, input: Record<string, unknown> = {}): Promise<ResourceEntity> {
    return this.domain.contributions.create(this.as(network.admin), {
      networkId: network.id,
      title: `Shared ${(sequence += 1)}`,
      kind: 'FRAMEWORK',
      audience: 'EVERYONE',
      url: `https://example.org/shared/${sequence}`,
      ...input,
    });
  }

  /** A stored upload of `bytes` (a small PDF by default), ready to attach. */
  async upload(community: Community, by: Member, bytes: Buffer = tinyPdf('A test document'), fileName = 'report.pdf'): Promise<string> {
    const upload = await this.domain.files.createUpload(this.as(by), { communityId: community.id, fileName, byteSize: bytes.length });
    await this.domain.files.receive(upload.id, Readable.from([bytes]), bytes.length);
    return upload.id;
  }

  async document(community: Community, options: { by?: Member; input?: Record<string, unknown> } = {}): Promise<ResourceEntity> {
    const by = options.by ?? community.coordinator;
    const uploadId = await this.upload(community, by);
    return this.resource(community, { by, input: { url: undefined, uploadId, kind: 'DOCUMENT', ...options.input } });
  }

  /** An event of the community, as the events service would announce it. */
  async event(community: Community): Promise<string> {
    const eventId = randomUUID();
    const startsAt = new Date(Date.now() + 7 * 86_400_000);
    await publishAsEventsService({ eventId, networkId: community.networkId, communityId: community.id, change: 'CREATED', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString() });
    await this.running.runtime.drainEvents();
    return eventId;
  }
}

import { randomUUID } from 'node:crypto';
import { eventsContracts, memberViewer, resourcesContracts, type Viewer } from '@praxis/platform';
import type { ForumEntity, PostEntity, ThreadEntity, ThreadKind } from '../entities';
import type { RunningDiscussion } from '../index';
import { publishForeignEvent } from './foreign-events';

type Who = { id: string } | string;
type CommunityLike = { id: string; networkId: string; coordinator: { id: string } };

let sequence = 0;
const next = () => (sequence += 1);

/**
 * Discussion test data through the domain, as members would make it, so every row obeys the
 * same rules and publishes the same events as real use. People and communities come from
 * membership's factories.
 */
export class DiscussionFactories {
  constructor(private readonly running: RunningDiscussion) {}

  get domain() {
    return this.running.domain;
  }

  viewer(who: Who): Viewer {
    return memberViewer(typeof who === 'string' ? who : who.id);
  }

  access(who: Who) {
    return this.running.access(this.viewer(who));
  }

  async forum(community: CommunityLike, options: { name?: string; as?: Who } = {}): Promise<ForumEntity> {
    return this.domain.forums.create(this.access(options.as ?? community.coordinator), {
      communityId: community.id,
      name: options.name ?? `Forum ${next()}`,
      description: 'A place to talk.',
    });
  }

  async thread(
    forum: ForumEntity,
    author: Who,
    options: { title?: string; body?: string; kind?: ThreadKind; tags?: string[]; idempotencyKey?: string } = {},
  ): Promise<ThreadEntity> {
    const n = next();
    return this.domain.posting.startThread(this.access(author), {
      forumId: forum.id,
      kind: options.kind ?? 'DISCUSSION',
      title: options.title ?? `Thread ${n}`,
      body: options.body ?? `The opening post of thread ${n}.`,
      tags: options.tags ?? [],
      idempotencyKey: options.idempotencyKey,
    });
  }

  async reply(thread: ThreadEntity, author: Who, options: { body?: string; replyTo?: PostEntity; quote?: boolean } = {}): Promise<PostEntity> {
    return this.domain.posting.reply(this.access(author), {
      threadId: thread.id,
      body: options.body ?? `Reply ${next()}.`,
      replyToPostId: options.replyTo?.id,
      quote: options.quote ?? false,
    });
  }

  async openingPost(thread: ThreadEntity): Promise<PostEntity> {
    return (await this.domain.read.openingPosts([thread.id]))[0]!;
  }

  /** A resource as the resources service would announce it; null community means network-wide. */
  async resource(networkId: string, communityId: string | null, resourceId: string = randomUUID()): Promise<string> {
    await publishForeignEvent(resourcesContracts.ResourceChanged, { resourceId, networkId, communityId, change: 'CREATED' });
    await this.running.runtime.drainEvents();
    return resourceId;
  }

  /** An event as the events service would announce it. */
  async event(networkId: string, communityId: string, eventId: string = randomUUID()): Promise<string> {
    const startsAt = new Date(Date.now() + 86_400_000);
    await publishForeignEvent(eventsContracts.EventChanged, {
      eventId,
      networkId,
      communityId,
      change: 'CREATED',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
    });
    await this.running.runtime.drainEvents();
    return eventId;
  }
}

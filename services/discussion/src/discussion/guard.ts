import { errors, type Access, type CommunityAccess } from '@praxis/platform';
import type { ForumEntity, PostEntity, ThreadEntity } from '../entities';
import type { ReadModel } from './read-model';
import { isUuid } from './validation';
import { canSeeItem } from './visibility';

/**
 * Finds what a mutation names and checks that the viewer may see it. Unknown ids, ids that are
 * not UUIDs, content of a community the viewer may not read, and content held for approval
 * that is not the viewer's all answer NOT_FOUND (ADR 8); the community's own rules
 * (members-only, bans) come live from membership through Access.
 */
export class Guard {
  constructor(private readonly read: ReadModel) {}

  async forum(access: Access, id: string): Promise<ForumEntity> {
    const [forum] = isUuid(id) ? await this.read.forums([id]) : [null];
    if (!forum) throw errors.notFound('Forum');
    await access.requireVisible(forum.communityId, 'Forum');
    return forum;
  }

  async thread(access: Access, id: string): Promise<{ thread: ThreadEntity; rights: CommunityAccess }> {
    const [thread] = isUuid(id) ? await this.read.threads([id]) : [null];
    if (!thread) throw errors.notFound('Thread');
    const rights = await access.requireVisible(thread.communityId, 'Thread');
    if (!canSeeItem(thread, access.viewer.memberId, rights)) throw errors.notFound('Thread');
    return { thread, rights };
  }

  async post(access: Access, id: string): Promise<{ post: PostEntity; thread: ThreadEntity; rights: CommunityAccess }> {
    const [post] = isUuid(id) ? await this.read.posts([id]) : [null];
    if (!post) throw errors.notFound('Post');
    const { thread, rights } = await this.thread(access, post.threadId);
    if (!canSeeItem(post, access.viewer.memberId, rights)) throw errors.notFound('Post');
    return { post, thread, rights };
  }
}

/** Comment threads are containers: their status does not follow their first comment's. */
export function mirrorsOpeningPost(thread: Pick<ThreadEntity, 'subjectType'>): boolean {
  return thread.subjectType === null;
}

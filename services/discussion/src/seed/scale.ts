import type { SeedContext } from '@praxis/platform';
import type { RunningDiscussion } from '../index';

export const DISCUSSION_SCALE = { posts: 200_000 };
export async function seedScale(_running: RunningDiscussion, _context: SeedContext): Promise<void> {}

import type { SeedContext } from '@praxis/platform';
import type { RunningDiscussion } from '../index';

export async function seedDemo(_running: RunningDiscussion, _context: SeedContext): Promise<void> {}

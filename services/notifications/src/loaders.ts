import DataLoader from 'dataloader';
import type { NotificationsDomain } from './notifications';

/** The DataLoaders of one request; made per request, so nothing is cached across viewers. */
export function createLoaders(domain: NotificationsDomain) {
  return {
    preferences: new DataLoader((memberIds: readonly string[]) => domain.preferences.of(memberIds)),
    quietMemberCount: new DataLoader((communityIds: readonly string[]) => domain.quietMemberCounts(communityIds)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

import type { Connection } from '@praxis/platform';
import type { Channel, DigestFrequency, NotificationKind, TargetType } from '../entities';

/** What a Viewer resolver receives: the key, as membership sends it. */
export interface ViewerRef {
  memberId: string;
}

/** What a Community resolver receives. */
export interface CommunityRef {
  id: string;
}

/** Another subgraph's entity, by key. */
export interface EntityRef {
  id: string;
}

/** What a notification links to, with the type that names its owner's entity. */
export interface TargetRef extends EntityRef {
  type: TargetType;
}

/** One feed item, its text rendered when read. */
export interface FeedItem {
  id: string;
  kind: NotificationKind;
  text: string;
  target: TargetRef | null;
  /** Null when nobody did it, and for a former member. */
  actorId: string | null;
  actorName: string | null;
  communityId: string | null;
  occurredAt: Date;
  readAt: Date | null;
}

export interface FeedPage extends Connection<FeedItem> {
  unreadCount: number;
}

export interface ChannelSetting {
  kind: NotificationKind;
  channel: Channel;
}

/** A member's preferences with every default filled in. */
export interface PreferencesView {
  channels: ChannelSetting[];
  digestFrequency: DigestFrequency;
  digestWeekday: number;
  digestHour: number;
  timeZone: string;
  emailUndeliverable: boolean;
  emailUndeliverableSince: Date | null;
}

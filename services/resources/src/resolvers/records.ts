/** The parent record of an entity owned by another subgraph: its key, nothing more. */
export interface EntityRef {
  id: string;
}

/** The viewer, as membership names them in a `Viewer` reference. */
export interface ViewerRef {
  memberId: string;
}

/** An event (owned by the events subgraph) by its full key. */
export interface EventRef {
  id: string;
  communityId: string;
}

export interface LibrarySettingsRecord {
  curated: boolean;
}

export interface TopicCountRecord {
  topicId: string;
  count: number;
}

export interface TagCountRecord {
  tagId: string;
  count: number;
}

export interface CommunityCountRecord {
  communityId: string | null;
  count: number;
}

/** A resource's link to an event, with the event's community from the projection. */
export interface EventLinkRecord {
  resourceId: string;
  eventId: string;
  communityId: string;
  role: 'SLIDES' | 'RECORDING' | 'HANDOUT' | 'OTHER';
  linkedBy: string;
  linkedAt: Date;
}

import type { ResourceAudience, ResourceKind } from '../gql/graphql';

export const KIND_LABELS: Record<ResourceKind, string> = {
  LINK: 'Link',
  ARTICLE: 'Article',
  VIDEO: 'Video',
  DOCUMENT: 'Document',
  TOOLKIT: 'Toolkit',
  FRAMEWORK: 'Framework',
  CASE_STUDY: 'Case study',
  RECORDING: 'Recording',
};

export const AUDIENCE_LABELS: Record<ResourceAudience, string> = {
  STAFF: 'Staff',
  CONSUMERS_AND_CARERS: 'Consumers and carers',
  EVERYONE: 'Everyone',
};

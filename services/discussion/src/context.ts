import type { Access, RequestBase } from '@praxis/platform';
import type { DiscussionDomain } from './discussion';
import type { Loaders } from './loaders';

/** What every discussion resolver receives: who is asking, their live permissions, the domain, and this request's loaders. */
export interface Context extends RequestBase {
  domain: DiscussionDomain;
  loaders: Loaders;
  access: Access;
}

import type { Access, RequestBase } from '@praxis/platform';
import type { Loaders } from './loaders';
import type { MembershipDomain } from './membership';

/** What every membership resolver receives: who is asking, the domain, and this request's loaders. */
export interface Context extends RequestBase {
  domain: MembershipDomain;
  loaders: Loaders;
  access: Access;
}

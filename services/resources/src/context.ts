import type { Access, RequestBase } from '@praxis/platform';
import type { ResourcesDomain } from './library';
import type { Loaders } from './loaders';

/** What every resources resolver receives: who is asking, their live rights, the domain, and this request's loaders. */
export interface Context extends RequestBase {
  domain: ResourcesDomain;
  access: Access;
  loaders: Loaders;
}

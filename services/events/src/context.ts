import type { Access, RequestBase } from '@praxis/platform';
import type { EventsDomain } from './events';
import type { Loaders } from './loaders';

/** What every events resolver receives: who is asking, their live permissions, the domain and this request's loaders. */
export interface Context extends RequestBase {
  domain: EventsDomain;
  loaders: Loaders;
  access: Access;
}

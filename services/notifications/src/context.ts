import type { Access, RequestBase } from '@praxis/platform';
import type { Loaders } from './loaders';
import type { NotificationsDomain } from './notifications';

/** What every notifications resolver receives: who is asking, their live permissions, the domain and this request's loaders. */
export interface Context extends RequestBase {
  access: Access;
  domain: NotificationsDomain;
  loaders: Loaders;
}

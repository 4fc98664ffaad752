import type { AccessSource, HttpMemberContacts, ServiceRuntime } from '@praxis/platform';
import type { EventsConfig } from './config';

/** What the events domain needs from its process. Built once in index.ts. */
export interface Deps {
  runtime: ServiceRuntime;
  config: EventsConfig;
  /** Membership's answers to permission questions, over HTTP. */
  accessSource: AccessSource;
  /** Members' names, from membership's internal API. */
  contacts: HttpMemberContacts;
  /** The base URL of links to this service's HTTP routes. */
  publicUrl(): string;
}
